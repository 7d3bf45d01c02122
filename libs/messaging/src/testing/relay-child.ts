import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SCRIPT = path.join(__dirname, 'outbox-relay-process.ts');

export interface RelayChildOptions {
  databaseUrl: string;
  batchSize: number;
  pauseAfterSendMs: number;
}

/** An outbox relay in a child process of its own, so it can be killed like a crashed pod. */
export class RelayChild {
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  constructor(options: RelayChildOptions) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', SCRIPT], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'),
        RELAY_DATABASE_URL: options.databaseUrl,
        RELAY_BATCH_SIZE: String(options.batchSize),
        RELAY_PAUSE_AFTER_SEND_MS: String(options.pauseAfterSendMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the child announced that it holds the relay lock. */
  isLeading(): boolean {
    return this.output.includes('leading');
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  waitForExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }
}
