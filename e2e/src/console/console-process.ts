import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { waitForHttp } from '../service-process';
import { freePort, RunningSystem } from '../system';

const root = join(__dirname, '../../..');

export interface ConsoleProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Runs dist/apps/console/server.js (built, with the agent, by the e2e global setup) in front of one running system. */
export async function startConsole(system: RunningSystem): Promise<ConsoleProcess> {
  const port = await freePort();
  const child = spawn('node', [join(root, 'dist/apps/console/server.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      CATALOG_URL: system.urls.catalog,
      REPLICATION_URL: system.urls.replication,
      TARGETING_URL: system.urls.targeting,
      ADVERTISEMENT_URL: system.urls.advertisement,
      METERING_URL: system.urls.metering,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/live`, 30_000);
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Debian's Chromium (what `.ci/run` installs) with one page of 1280 × `height`. */
export async function openBrowser(height = 800): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height } })).newPage();
  return { browser, page };
}

/** Signs in to the console with `token` and waits for the first section, Packages. */
export async function signIn(page: Page, consoleUrl: string, token: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Packages' }).waitFor();
}
