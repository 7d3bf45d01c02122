import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSystem } from '../system';

const root = join(__dirname, '../../..');
export const CLI_MAIN = join(root, 'dist/apps/cli/main.js');

export interface SdpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What `sdp` needs to reach a running system as its administrator, and no profile file of the machine's user. */
export function sdpEnvironment(system: RunningSystem): NodeJS.ProcessEnv {
  return {
    SDP_CATALOG_URL: system.urls.catalog,
    SDP_REPLICATION_URL: system.urls.replication,
    SDP_TARGETING_URL: system.urls.targeting,
    SDP_ADVERTISEMENT_URL: system.urls.advertisement,
    SDP_METERING_URL: system.urls.metering,
    SDP_TOKEN: system.adminToken,
    SDP_CONFIG: join(tmpdir(), `${system.runId}-no-config.json`),
  };
}

/** Runs the built `sdp` as an administrator would, with only the environment given (no inherited SDP_*). */
export function runSdp(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<SdpRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI_MAIN, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sdp ${args.join(' ')} did not end within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
