// Pid bookkeeping: which processes this script started, stopping them, and the lock that
// serialises concurrent invocations.
import fs from 'node:fs';
import path from 'node:path';
import { DIR, STOP_GRACE_MS } from './config.mjs';
import { rel, sleep, StackError } from './utilities.mjs';

const pidFile = (name) => path.join(DIR.run, `${name}.pid`);

export function readPid(name) {
  try {
    return JSON.parse(fs.readFileSync(pidFile(name), 'utf8'));
  } catch {
    return null;
  }
}

// `marker`: the arguments that must appear in the process's command line. They
// guard against signalling an unrelated process that reused the pid, or the
// same service started from another checkout of the repo.
export function writePid(name, pid, marker) {
  fs.writeFileSync(pidFile(name), JSON.stringify({ pid, marker, startedAt: new Date().toISOString() }) + '\n');
}

export function removePid(name) {
  fs.rmSync(pidFile(name), { force: true });
}

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  // A zombie still answers kill(0); in containers nobody may reap it.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
  } catch {}
  return true;
}

export function isOurs(info) {
  if (!info || !Number.isInteger(info.pid) || !pidAlive(info.pid)) return false;
  try {
    const args = `\0${fs.readFileSync(`/proc/${info.pid}/cmdline`, 'utf8')}`;
    return [].concat(info.marker).every((m) => args.includes(`\0${m}\0`));
  } catch {
    return true; // no /proc (macOS): trust the live pid
  }
}

async function waitExit(pid, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!pidAlive(pid)) return true;
    await sleep(200);
  }
  return !pidAlive(pid);
}

// Graceful first (Kafka flushes and closes its logs on SIGTERM), hard after the grace period.
export async function stopPid(pid, signal = 'SIGTERM') {
  try {
    process.kill(pid, signal);
  } catch {
    return 'gone';
  }
  if (await waitExit(pid, STOP_GRACE_MS)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
  await waitExit(pid, 5_000);
  return 'killed';
}

// Serialises up/down/reset across concurrent invocations (e.g. several test
// tasks each running `stack:up`), so nothing gets started twice.
export async function withLock(fn) {
  const lock = path.join(DIR.run, 'stack.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (!holder || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new StackError(`another stack.mjs (pid ${holder}) holds ${rel(lock)}`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
