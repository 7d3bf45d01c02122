import { execFile } from 'node:child_process';

export interface SystemQueryOptions {
  /** Where the command is looked up (PATH) and its locale; the agent's own environment by default. */
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** The most stdout or stderr kept, in bytes; a command writing more is stopped and throws. */
  maxOutputBytes?: number;
}

export interface SystemQueryResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Node's own default for execFile. */
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs a command that only reads the system, without a shell (arguments go to it as they are).
 * An exit code is a result; a command that is missing, too slow or too talkative throws with a
 * message that says which.
 */
export function runSystemQuery(command: string, args: readonly string[], options: SystemQueryOptions): Promise<SystemQueryResult> {
  const maxBuffer = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { encoding: 'utf8', timeout: options.timeoutMs, maxBuffer, windowsHide: true, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr });
        } else if ((error.code as unknown) === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(new Error(`${command} wrote more than ${maxBuffer} bytes`));
        } else if (error.killed) {
          reject(new Error(`${command} did not answer within ${options.timeoutMs} ms`));
        } else if (typeof error.code === 'number') {
          resolve({ exitCode: error.code, stdout, stderr });
        } else {
          reject(new Error(`${command} could not run: ${error.code ?? error.message}`));
        }
      },
    );
  });
}

/** Whether the error says the command does not exist on this computer. */
export function isMissingCommand(error: unknown): boolean {
  return error instanceof Error && / could not run: ENOENT$/.test(error.message);
}
