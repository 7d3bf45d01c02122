// The commands: up, down, status and reset of the selected parts, one line per part.
import fs from 'node:fs';
import path from 'node:path';
import { DIR, HOST, STATE } from './config.mjs';
import { ALL_PARTS } from './parts.mjs';
import { isOurs, pidAlive, readPid, removePid, stopPid, withLock, writePid } from './pids.mjs';
import { ensureDirs, logMarks, reasonFrom, rel, secs, sleep, StackError, tail, tcpOpen } from './utilities.mjs';

function line(part, state, detail) {
  return `${part.name.padEnd(9)} ${state.padEnd(5)} ${`${HOST}:${part.port}`.padEnd(16)} ${detail}`;
}

function describeTimings(t) {
  const bits = Object.entries(t).map(([k, v]) => `${k} ${secs(v)}`);
  return bits.length ? ` (${bits.join(', ')})` : '';
}

async function upPart(part) {
  const t0 = Date.now();
  const info = readPid(part.name);
  let note = '';

  if (info && isOurs(info)) {
    // Ours and alive: answering means done; otherwise it may still be
    // booting from a previous `up` that was interrupted, so give it the same time.
    if (!(await part.ready(false))) {
      try {
        await waitReady(part, info.pid, null, t0, false, logMarks(part.logs));
      } catch (e) {
        e.message += ` — pid ${info.pid} is ours but not serving; run \`down\` then \`up\``;
        throw e;
      }
    }
    return line(part, 'up', `pid ${info.pid}  log ${rel(part.log)}  already running (${secs(Date.now() - t0)})`);
  }
  if (info) {
    removePid(part.name);
    note = '  (removed stale pid file)';
  }

  if (part.name === 'postgres' && (await part.ready(true))) {
    return line(part, 'up', `external server, not managed by stack  (${secs(Date.now() - t0)})`);
  }
  if (await tcpOpen(part.port)) {
    throw new StackError(`${part.name}: ${HOST}:${part.port} is already in use by a process this script did not start`);
  }

  const marks = logMarks(part.logs);
  let started;
  try {
    started = await part.start();
  } catch (e) {
    if (e instanceof StackError && !e.logFiles.length) e.logFiles = marks;
    throw e;
  }
  const { child, pid: knownPid, timings } = started;
  const pid = knownPid ?? child.pid;
  if (!pid) throw new StackError(`${part.name}: failed to spawn (${child?.exitInfo?.error?.message ?? 'no pid'})`, marks);
  writePid(part.name, pid, part.marker);
  const tBoot = Date.now();
  try {
    await waitReady(part, pid, child, t0, true, marks);
  } catch (e) {
    // Do not leave a half-started service holding the port for the next `up`.
    if (pidAlive(pid)) await stopPid(pid, 'SIGKILL');
    removePid(part.name);
    throw e;
  }
  timings.boot = (timings.boot ?? 0) + (Date.now() - tBoot);
  return line(part, 'up', `pid ${pid}  log ${rel(part.log)}  started in ${secs(Date.now() - t0)}${describeTimings(timings)}${note}`);
}

async function waitReady(part, pid, child, t0, fresh, marks) {
  const deadline = Date.now() + part.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child?.exitInfo || !pidAlive(pid)) {
      const how = child?.exitInfo
        ? child.exitInfo.error?.message ?? `exit code ${child.exitInfo.code ?? child.exitInfo.signal}`
        : 'process gone';
      throw new StackError(`${part.name}: exited during startup (${how})${reasonFrom(marks)}`, marks);
    }
    if (await part.ready(fresh)) return;
    await sleep(250);
  }
  throw new StackError(`${part.name}: not ready on ${HOST}:${part.port} after ${secs(Date.now() - t0)}`, marks);
}

const printed = new Set();
export function printFailure(e) {
  console.error(`stack: ${e.message}`);
  if (printed.has(e)) return; // e.g. one failed mvn run shared by the three S3 parts
  printed.add(e);
  for (const { file, from } of e.logFiles ?? []) {
    const t = tail(file, from);
    if (t) console.error(`--- last lines of ${rel(file)}:\n${t.replace(/^/gm, '    ')}`);
  }
}

export async function up(parts) {
  ensureDirs();
  return withLock(async () => {
    // All parts start concurrently; only the Maven resolutions are queued.
    const results = await Promise.allSettled(parts.map(upPart));
    let ok = true;
    for (const r of results) {
      if (r.status === 'fulfilled') console.log(r.value);
      else {
        ok = false;
        if (r.reason instanceof StackError) printFailure(r.reason);
        else console.error(`stack: ${r.reason?.stack ?? r.reason}`);
      }
    }
    return ok ? 0 : 1;
  });
}

async function downPart(part) {
  const info = readPid(part.name);
  if (!info) {
    if (part.name === 'postgres' && (await tcpOpen(part.port))) return line(part, 'up', 'external server, left alone');
    return line(part, 'down', 'not running');
  }
  if (!isOurs(info)) {
    removePid(part.name);
    return line(part, 'down', 'not running (removed stale pid file)');
  }
  const t0 = Date.now();
  const how = await stopPid(info.pid, part.stopSignal);
  removePid(part.name);
  return line(part, 'down', `pid ${info.pid} ${how} in ${secs(Date.now() - t0)}`);
}

export async function down(parts) {
  ensureDirs();
  return withLock(async () => {
    const results = await Promise.allSettled(parts.map(downPart));
    let ok = true;
    for (const r of results) {
      if (r.status === 'fulfilled') console.log(r.value);
      else {
        ok = false;
        console.error(`stack: ${r.reason?.message ?? r.reason}`);
      }
    }
    return ok ? 0 : 1;
  });
}

async function statusPart(part) {
  const info = readPid(part.name);
  const ours = isOurs(info);
  const answering = await part.ready(false);
  if (ours && answering) return [true, line(part, 'up', `pid ${info.pid}  log ${rel(part.log)}  since ${info.startedAt}`)];
  if (ours) return [false, line(part, 'down', `pid ${info.pid} alive but not answering  log ${rel(part.log)}`)];
  if (answering) {
    const who = part.name === 'postgres' ? 'external server' : 'answering, but not started by stack';
    return [true, line(part, 'up', who)];
  }
  return [false, line(part, 'down', info ? 'not running (stale pid file)' : 'not running')];
}

export async function status(parts) {
  const results = await Promise.all(parts.map(statusPart));
  for (const [, l] of results) console.log(l);
  return results.every(([isUp]) => isUp) ? 0 : 1;
}

export async function reset() {
  const code = await down(ALL_PARTS());
  if (code !== 0) return code;
  // Everything but the classpath cache: a reset stack should not need Maven.
  for (const entry of fs.readdirSync(STATE)) {
    if (entry === 'cache' || entry === '.gitignore') continue;
    fs.rmSync(path.join(STATE, entry), { recursive: true, force: true });
  }
  console.log(`reset: removed data, logs and configs under ${rel(STATE)}/ (kept ${rel(DIR.cache)}/)`);
  return 0;
}
