import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
export const CLI_MAIN = join(root, 'dist/apps/cli/main.js');

export interface SdpRun {
  code: number | null;
  stdout: string;
  stderr: string;
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
