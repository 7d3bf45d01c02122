import type { ProgramOutput } from '@sdp/contracts';
import { spawn, spawnSync } from 'node:child_process';
import { DEFAULT_OUTPUT_TAIL_BYTES, OutputTail, programOutput } from './output-tail';
import { shellInvocation } from './shell-command';

export interface CommandRun {
  commandLine: string;
  cwd: string;
  env: Record<string, string | undefined>;
  maxRunTimeMs: number;
  /** How much of the end of each stream to keep (default DEFAULT_OUTPUT_TAIL_BYTES). */
  outputTailBytes?: number;
  /** Called once the process exists, with the ID of its process group. */
  onStarted?: (pid: number) => void | Promise<void>;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last part of what the program wrote to stdout and stderr, escaped, for the report. */
  output: ProgramOutput;
  /** The program could not be started at all. */
  startError: string | null;
}

const OUTPUT_GRACE_MS = 1000;

/**
 * Runs a command line through the platform shell in its own process group, so the kill at the
 * maximum run time takes every process the program started, not just the shell.
 */
export function runCommand(run: CommandRun): Promise<CommandResult> {
  const shell = shellInvocation(process.platform, run.commandLine, run.env);
  return new Promise((resolve) => {
    const stdout = new OutputTail(run.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES);
    const stderr = new OutputTail(run.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES);
    let timedOut = false;
    const child = spawn(shell.file, shell.args, {
      cwd: run.cwd,
      env: run.env,
      detached: process.platform !== 'win32',
      windowsVerbatimArguments: shell.verbatim,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) {
      void Promise.resolve(run.onStarted?.(child.pid)).catch(() => undefined);
    }
    child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, run.maxRunTimeMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, timedOut: false, output: programOutput(stdout, stderr), startError: error.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        killTree(child.pid);
      }
      const finish = () => resolve({ exitCode: code, signal, timedOut, output: programOutput(stdout, stderr), startError: null });
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
