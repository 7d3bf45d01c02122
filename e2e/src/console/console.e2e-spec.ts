import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipOf } from '@sdp/testing';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { TestAgent } from '../agent-process';
import { adminApi, RunningSystem, startSystem } from '../system';
import { runsOf, waitFor, writePackageFolder } from '../whole-system/flow';
import { ConsoleProcess, startConsole } from './console-process';

// The console in the machine's Chromium against the real system: four services, two S3Proxy DPs
// and a real agent. Every page is photographed into tmp/test-results/console/.
const SCREENSHOTS = join(__dirname, '../../../tmp/test-results/console');
const VIEWER_TOKEN = `viewer-${Date.now().toString(36)}`;
const ADMIN_TOKENS = `dev-admin-token:admin:dev-admin,${VIEWER_TOKEN}:viewer:e2e-viewer`;

describe('the web console, in a real browser', () => {
  let system: RunningSystem;
  let consoleServer: ConsoleProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workDir: string;
  let agent: TestAgent;
  const browserErrors: string[] = [];
  let packageId: string;
  let collectionId: string;
  let advertisementId: string;
  const dpNames = ['console-dp1', 'console-dp2'];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const watchErrors = (target: Page) => {
    target.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`${target.url()}: ${message.text()}`);
    });
    target.on('pageerror', (error) => browserErrors.push(`${target.url()}: ${error.message}`));
  };
  const nav = async (section: string) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const tokens = { SDP_ADMIN_TOKENS: ADMIN_TOKENS };
    system = await startSystem({ env: { catalog: tokens, 'content-replication': tokens, targeting: tokens, advertisement: tokens } });
    consoleServer = await startConsole(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-console-'));
    agent = new TestAgent(system, workDir, {
      name: `${system.runId}-pc1`,
      os: { name: 'linux', version: '6.1.0', arch: 'x64' },
      ipAddresses: ['10.77.0.5'],
      inventory: { consoleRun: system.runId },
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    watchErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.stop();
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('signs in with the admin token and learns the role', async () => {
    await page.goto(consoleServer.url);
    await page.getByLabel('Admin token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('This token is not accepted');
    // The refused sign-in is the one answer that must show up as a failed request.
    browserErrors.length = 0;

    await page.getByLabel('Admin token').fill(system.adminToken);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Packages' }).waitFor();
    expect(await page.locator('.role').textContent()).toBe('admin');
    await page.getByText('No packages yet. Create one to start.').waitFor();
  });

  it('creates a package with a program and uploads a folder as its first version', async () => {
    await page.getByRole('button', { name: 'New package' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Console Tool');
    await page.getByLabel('Version', { exact: true }).fill('1.0');
    await page.getByLabel('Manufacturer').fill('E2E');
    await page.getByRole('button', { name: 'Create package' }).click();
    await page.waitForURL(/\/packages\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    packageId = page.url().split('/').pop() as string;
    expect(packageId.startsWith(system.siteCode)).toBe(true);

    await page.getByRole('button', { name: 'New program' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Install');
    // Run as ./install.sh, the script needs its executable bit: a browser sees no unix modes, so the
    // console has to set it (the command line names the file, and it starts with #!).
    await page.getByLabel('Command line *').fill('./install.sh');
    await page.getByLabel('Maximum run time (minutes)').fill('5');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('cell', { name: './install.sh', exact: true }).waitFor();

    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1.0', { dataFiles: 4 });
    await page.getByTestId('folder-input').setInputFiles(folder);
    await page.getByText('6 files').waitFor();
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    const published = await page.getByText(/^Published version 1: 6 files/).textContent();
    expect(published).toMatch(/^Published version 1: 6 files, \d+(\.\d)? KiB/);
    await page.getByRole('button', { name: 'Show manifest' }).click();
    await page.getByRole('cell', { name: 'install.sh', exact: true }).waitFor();
    await shot('02-package');

    const manifest = await adminApi(system).get<{ files: { path: string; mode: number }[] }>(`${system.urls.catalog}/api/v1/packages/${packageId}/source-versions/1`);
    expect(manifest.files.map((file) => [file.path, file.mode.toString(8)])).toEqual([
      ['data/part-0.bin', '644'],
      ['data/part-1.bin', '644'],
      ['data/part-2.bin', '644'],
      ['data/part-3.bin', '644'],
      ['install.sh', '755'],
      ['version.txt', '644'],
    ]);
  });

  it('uploads a .zip made on Windows as it is, and the catalog gives the same files the same modes', async () => {
    const folder = join(workDir, 'package');
    const paths = ['data/part-0.bin', 'data/part-1.bin', 'data/part-2.bin', 'data/part-3.bin', 'install.sh', 'version.txt'];
    const zip = zipOf(
      paths.map((path) => ({ name: path, content: readFileSync(join(folder, path)) })),
      { madeOn: 'windows' },
    );
    await page.getByTestId('archive-input').setInputFiles({ name: 'Console Tool.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByText(/^Console Tool\.zip: a zip archive of/).waitFor();
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    await page.getByText(/^Published version 2: 6 files/).waitFor();

    const files = async (version: number) =>
      (await adminApi(system).get<{ files: unknown[] }>(`${system.urls.catalog}/api/v1/packages/${packageId}/source-versions/${version}`)).files;
    expect(await files(2)).toEqual(await files(1));
  });

  it('adds two distribution points, the service testing each connection', async () => {
    await nav('Distribution');
    for (const [index, name] of dpNames.entries()) {
      await page.getByRole('button', { name: 'New distribution point' }).click();
      await page.getByLabel('Name *', { exact: true }).fill(name);
      await page.getByLabel('S3 endpoint *').fill(system.dpEndpoints[index]);
      await page.getByLabel('Bucket *').fill(`${system.runId}-${name}`);
      await page.getByLabel('Access key *').fill(system.s3.accessKey);
      await page.getByLabel('Secret key *').fill(system.s3.secretKey);
      await page.getByRole('button', { name: 'Test connection and add' }).click();
      await page.getByText(`Saved ${name}: the service reached bucket`).waitFor();
      await page.getByRole('rowheader', { name }).waitFor();
    }
    expect(await page.getByRole('rowheader').allTextContents()).toEqual(dpNames);
    await shot('03-distribution');
  });

  it('distributes the package and watches both DPs reach INSTALLED without reloading', async () => {
    await nav('Packages');
    await page.getByRole('link', { name: packageId }).click();
    await page.getByRole('button', { name: 'Distribute to…' }).click();
    for (const name of dpNames) await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Distribute', exact: true }).click();

    const board = page.getByRole('table', { name: `Distribution status of ${packageId}` });
    await board.locator('tr[data-state="INSTALLED"]').nth(1).waitFor({ timeout: 90_000 });
    expect(await board.getByRole('rowheader').allTextContents()).toEqual(dpNames);
    expect(await board.getByRole('progressbar').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-valuenow')))).toEqual(['100', '100']);
    await shot('04-package-distributed');

    // The same row seen from the DP's side: the per-DP board lists the packages on it.
    await nav('Distribution');
    await page.getByRole('row', { name: new RegExp(dpNames[0]) }).getByRole('button', { name: 'Packages' }).click();
    const dpBoard = page.getByRole('table', { name: `Packages on ${dpNames[0]}` });
    await dpBoard.locator('tr[data-state="INSTALLED"]').first().waitFor();
    expect(await dpBoard.getByRole('rowheader').allTextContents()).toEqual([`Console Tool ${packageId}`]);
    await shot('04b-packages-on-dp');
  });

  it('creates a query collection, checking the expression as it is typed', async () => {
    const registration = await agent.once();
    expect(registration.code).toBe(0);

    await nav('Collections');
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Console run computers');
    await page.getByLabel('Rule name').fill('this run');
    await page.getByLabel('Query expression').fill(`inventory.consoleRun = '${system.runId}' AND os.name = 'linux'`);
    await page.getByText(`Valid · matches 1 client, e.g. ${agent.identity.name}`).waitFor();
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL(/\/collections\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    collectionId = page.url().split('/').pop() as string;
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: agent.identity.name }).waitFor();
    await shot('05-collection');
  });

  it('advertises the program to the collection', async () => {
    await nav('Advertisements');
    await page.getByRole('button', { name: 'New advertisement' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Console Tool to this run');
    await page.getByLabel('Package *').selectOption(packageId);
    await page.getByLabel('Program *').locator('option[value="Install"]').waitFor({ state: 'attached' });
    await page.getByLabel('Program *').selectOption('Install');
    await page.getByLabel('Collection *').selectOption(collectionId);
    // The agent sits in no DP boundary, so it is on a slow network: let it download there too.
    await page.getByLabel('On a slow or unreliable network').selectOption('download');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await page.getByRole('button', { name: 'Create advertisement' }).click();
    await page.waitForURL(/\/advertisements\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    advertisementId = page.url().split('/').pop() as string;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Console Tool to this run ${advertisementId}`);
  });

  it('shows the status an agent run reports, in the chart and the client rows', async () => {
    await waitFor(
      async () => {
        await agent.once();
        return runsOf(agent).length > 0 ? true : undefined;
      },
      120_000,
      'the agent to run the advertised program',
      1000,
    );
    // The program is ./install.sh: it ran (not exit 126), so the executable bit set in the browser reached the client.
    expect(runsOf(agent)).toEqual(['ran 1.0']);

    const rows = page.getByRole('table', { name: 'Client status' });
    await rows.locator('tr[data-state="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    const chart = await page.getByRole('img', { name: /^Status summary/ }).getAttribute('aria-label');
    expect(chart).toBe('Status summary: Targeted 1, Accepted 1, Waiting 0, Running 0, Succeeded 1, Failed 0, Timed out 0, Not reported 0');

    await rows.getByRole('button', { name: /^History of/ }).click();
    await page.locator('.history').getByText('SUCCEEDED', { exact: true }).waitFor();
    // The row names the client first, linking to its page.
    const clientLink = rows.getByRole('link', { name: agent.identity.name });
    const clientId = ((await clientLink.getAttribute('href')) as string).split('/').pop() as string;
    await page.getByLabel('Client', { exact: true }).fill(clientId);
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await page.getByText(`${agent.identity.name} (${clientId}) gets this advertisement`).waitFor();
    await shot('06-advertisement-status');
  });

  it('lists the client with its inventory, at desktop and narrow widths', async () => {
    await nav('Clients');
    await page.getByLabel('Query').fill(`inventory.consoleRun = '${system.runId}'`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: agent.identity.name }).click();
    await page.getByRole('heading', { level: 2, name: 'Inventory' }).waitFor();
    // The agent's own facts in their sections, what the test added as a custom field.
    await page.getByRole('heading', { level: 3, name: 'Hardware' }).waitFor();
    expect(await page.locator('dl[aria-label="Custom fields"]').textContent()).toContain(system.runId);
    await shot('07-client');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${consoleServer.url}/packages/${packageId}`);
    await page.getByRole('table', { name: `Distribution status of ${packageId}` }).waitFor();
    // No sideways scrolling of the whole page: wide tables scroll inside their own box.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    await shot('08-package-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows a viewer no write buttons', async () => {
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await viewerContext.newPage();
    watchErrors(viewer);
    try {
      await viewer.goto(`${consoleServer.url}/packages/${packageId}`);
      await viewer.getByLabel('Admin token').fill(VIEWER_TOKEN);
      await viewer.getByRole('button', { name: 'Sign in' }).click();
      await viewer.getByRole('table', { name: `Distribution status of ${packageId}` }).waitFor();
      expect(await viewer.locator('.role').textContent()).toBe('viewer');
      for (const name of ['Edit', 'Delete', 'New program', 'Choose folder…', 'Distribute to…', 'Refresh console-dp1']) {
        expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0);
      }
      await viewer.screenshot({ path: join(SCREENSHOTS, '09-viewer-package.png'), fullPage: true });
    } finally {
      await viewerContext.close();
    }
  });

  it('wrote nothing to the browser console', () => {
    expect(browserErrors).toEqual([]);
  });
});
