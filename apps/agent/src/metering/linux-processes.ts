import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ObservedProcess } from './process-matcher';

/**
 * Clock ticks per second of /proc/<pid>/stat's start time (`getconf CLK_TCK`): 100 on every Linux
 * architecture Node.js runs on; Node cannot ask sysconf.
 */
const CLOCK_TICKS_PER_SECOND = 100;

/** The system's user names by numeric ID, from /etc/passwd (re-read when it changes). */
let passwdCache: { text: string; names: Map<string, string> } | undefined;

async function userNames(): Promise<Map<string, string>> {
  const text = await readFile('/etc/passwd', 'utf8').catch(() => '');
  if (passwdCache?.text !== text) {
    passwdCache = { text, names: parsePasswd(text) };
  }
  return passwdCache.names;
}

/** `name:x:uid:...` lines: uid → name (the first name of a uid wins). */
export function parsePasswd(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(uid)) {
      names.set(uid, name);
    }
  }
  return names;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks after boot); the name in field 2 may hold spaces and parentheses. */
export function startTicksOf(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** The real user ID of /proc/<pid>/status (`Uid:\treal\teffective\t...`). */
export function realUidOf(status: string): string | undefined {
  return /^Uid:\s+(\d+)/m.exec(status)?.[1];
}

/**
 * The executable's file name: of /proc/<pid>/exe where it may be read (the agent's own user, or
 * root), else of the command line's first word. Kernel threads and zombies have neither.
 */
async function executableNameOf(pid: string): Promise<string | undefined> {
  const exe = await readlink(`/proc/${pid}/exe`).catch(() => undefined);
  if (exe) {
    return basename(exe.replace(/ \(deleted\)$/, ''));
  }
  const argv0 = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0')[0];
  return argv0 ? basename(argv0) : undefined;
}

/** Every user-space process on Linux, from /proc: pid, start time, executable name and user. Kernel threads and processes that end while being read are left out. */
export async function listLinuxProcesses(): Promise<ObservedProcess[]> {
  const bootTime = Number(/^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'))?.[1]) * 1000;
  const names = await userNames();
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const processes = await Promise.all(
    pids.map(async (pid): Promise<ObservedProcess | undefined> => {
      try {
        const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
        const ticks = startTicksOf(stat);
        const uid = realUidOf(status);
        const name = await executableNameOf(pid);
        if (ticks === undefined || uid === undefined || name === undefined) {
          return undefined;
        }
        return { pid: Number(pid), startedAt: bootTime + Math.round((ticks * 1000) / CLOCK_TICKS_PER_SECOND), name, user: names.get(uid) ?? uid };
      } catch {
        return undefined;
      }
    }),
  );
  return processes.filter((process): process is ObservedProcess => process !== undefined);
}
