import { printable } from '@sdp/text';
import { basename } from 'node:path';
import { runSystemQuery } from '../inventory/system-query';
import type { ObservedProcess } from './process-matcher';

/** pid, start time, user and executable path of every process; `=` leaves the headers out. */
export const PS_ARGS = ['-axo', 'pid=,lstart=,user=,comm='];
const PS_TIMEOUT_MS = 15_000;
const PS_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `ps -axo pid=,lstart=,user=,comm=` on macOS, in the C locale: per process its pid, its start
 * time in local time as `Tue Mar  3 08:12:01 2026` (to the second), its user's name (the numeric
 * ID when it has none) and, last so it may hold spaces, the executable's full path. A line that
 * does not read so is left out.
 */
export function parsePsOutput(output: string): ObservedProcess[] {
  const processes: ObservedProcess[] = [];
  for (const line of output.split('\n')) {
    const fields = /^\s*(\d+)\s+\S+\s+(\S+)\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (!fields) {
      continue;
    }
    const [, pid, month, day, hours, minutes, seconds, year, user, command] = fields;
    const monthIndex = MONTHS.indexOf(month.toLowerCase());
    const name = basename(command);
    if (monthIndex < 0 || name === '') {
      continue;
    }
    const startedAt = new Date(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds)).getTime();
    processes.push({ pid: Number(pid), startedAt, name, user });
  }
  return processes;
}

/** Every process on macOS by `ps` (run without a shell, in the C locale so month names read the same everywhere). */
export async function listMacosProcesses(env: NodeJS.ProcessEnv = process.env): Promise<ObservedProcess[]> {
  const result = await runSystemQuery('ps', PS_ARGS, { env: { ...env, LC_ALL: 'C' }, timeoutMs: PS_TIMEOUT_MS, maxOutputBytes: PS_MAX_OUTPUT_BYTES });
  if (result.exitCode !== 0) {
    throw new Error(printable(`ps exited with ${result.exitCode}: ${result.stderr.trim().split('\n')[0] ?? ''}`));
  }
  return parsePsOutput(result.stdout);
}
