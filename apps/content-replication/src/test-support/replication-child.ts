import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { eventually } from '@sdp/testing';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.join(REPO_ROOT, 'apps/content-replication/src/main.ts');

/**
 * The real content-replication entry point in a process of its own, so a test can SIGKILL it
 * mid-copy the way a pod dies: no shutdown hook runs, no lease is given back.
 */
export class ReplicationChild {
  private child?: ChildProcess;
  private exited?: Promise<unknown>;
  url = '';

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), ...this.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.exited = once(this.child, 'exit');
    await eventually(async () => ((await fetch(`${this.url}/health/ready`)).ok ? true : undefined), 60_000, 'replication child ready');
  }

  async kill(): Promise<void> {
    if (this.child?.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
