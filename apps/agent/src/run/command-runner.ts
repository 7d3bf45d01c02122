import { spawn, spawnSync } from 'node:child_process';
import { shellInvocation } from './shell-command';

export interface CommandRun {
  commandLine: string;
  cwd: string;
  env: Record<string, string | undefined>;
  maxRunTimeMs: number;
  /** Called once the process exists, with the ID of its process group. */
  onStarted?: (pid: number) => void | Promise<void>;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last lines the program wrote, for the report's detail. */
  outputTail: string;
  /** The program could not be started at all. */
  startError: string | null;
}

const TAIL_BYTES = 2048;
const OUTPUT_GRACE_MS = 1000;

/**
 * Runs a command line through the platform shell in its own process group, so the kill at the
 * maximum run time takes every process the program started, not just the shell.
 */
export function runCommand(run: CommandRun): Promise<CommandResult> {
  const shell = shellInvocation(process.platform, run.commandLine, run.env);
  return new Promise((resolve) => {
    let tail = '';
    let timedOut = false;
    const child = spawn(shell.file, shell.args, {
      cwd: run.cwd,
      env: run.env,
      detached: process.platform !== 'win32',
      windowsVerbatimArguments: shell.verbatim,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keepTail = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    if (child.pid !== undefined) {
      void Promise.resolve(run.onStarted?.(child.pid)).catch(() => undefined);
    }
    child.stdout.on('data', keepTail);
    child.stderr.on('data', keepTail);
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, run.maxRunTimeMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, timedOut: false, outputTail: tail, startError: error.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        killTree(child.pid);
      }
      const finish = () => resolve({ exitCode: code, signal, timedOut, outputTail: tail.trim(), startError: null });
      // A background process the program left behind may hold the output pipes open: do not wait for it.
      const grace = setTimeout(finish, OUTPUT_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        finish();
      });
    });
  });
}

/** Kills a process and everything in its group (on Windows, its process tree). */
export function killTree(pid: number | undefined): void {
  if (pid === undefined) {
    return;
  }
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}
