import { runSystemQuery, SystemQueryResult } from './system-query';

const QUERY_TIMEOUT_MS = 5_000;

export interface LoggedOnUsersOptions {
  /** Where `who` / `quser` are looked up (PATH); the agent's own environment by default. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * The names of the users logged on to this computer, sorted and without repeats: `who` on Linux
 * and macOS, `quser` on Windows. Throws when the system cannot say (command missing, failing or
 * too slow): that is "unknown", which is not the same as nobody.
 */
export async function listLoggedOnUsers(platform: NodeJS.Platform = process.platform, options: LoggedOnUsersOptions = {}): Promise<string[]> {
  if (platform === 'win32') {
    const result = await runQuery('quser', options);
    // quser exits 1 when nobody is logged on ("No User exists for *").
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      throw new Error(`quser exited with ${result.exitCode}: ${result.stderr.trim()}`);
    }
    return parseQuserOutput(result.stdout);
  }
  const result = await runQuery('who', options);
  if (result.exitCode !== 0) {
    throw new Error(`who exited with ${result.exitCode}: ${result.stderr.trim()}`);
  }
  return parseWhoOutput(result.stdout);
}

/**
 * `who` prints one line per login session, the user name first:
 * `alice    pts/0        2026-03-10 08:15 (10.0.0.5)`.
 */
export function parseWhoOutput(output: string): string[] {
  return distinctSorted(
    output
      .split(/\r?\n/)
      .map((line) => line.trim().split(/\s+/)[0])
      .filter((name) => name !== ''),
  );
}

/**
 * `quser` prints a header, then one fixed-width row per session, `>` marking the session that
 * asked. The user name is what stands before the second column of the header (the header is
 * localized, the layout is not; a name may contain spaces).
 */
export function parseQuserOutput(output: string): string[] {
  const [header, ...rows] = output.split(/\r?\n/);
  const nameColumnEnd = /^\s*\S+\s+/.exec(header ?? '')?.[0].length;
  if (nameColumnEnd === undefined) {
    return [];
  }
  return distinctSorted(
    rows
      .map((row) => row.slice(0, nameColumnEnd).replace(/^>/, '').trim())
      .filter((name) => name !== ''),
  );
}

function distinctSorted(names: string[]): string[] {
  return [...new Set(names)].sort();
}

function runQuery(command: string, options: LoggedOnUsersOptions): Promise<SystemQueryResult> {
  return runSystemQuery(command, [], { env: options.env, timeoutMs: options.timeoutMs ?? QUERY_TIMEOUT_MS });
}
