// What every part and command uses: errors that carry log excerpts, log and config files,
// ports, child processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { DIR, HOST, ROOT, STATE } from './config.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
export const rel = (p) => path.relative(ROOT, p) || '.';

// logFiles: [{ file, from }] — the log excerpt (from byte `from`) to show
// under the one-line message when a part fails.
export class StackError extends Error {
  constructor(message, logFiles = []) {
    super(message);
    this.logFiles = logFiles;
  }
}

export const logMarks = (files) => files.map((file) => ({ file, from: fileSize(file) }));

export function ensureDirs() {
  for (const d of Object.values(DIR)) fs.mkdirSync(d, { recursive: true });
  // Keeps .stack/ out of git even in a checkout whose .gitignore lacks it.
  const gi = path.join(STATE, '.gitignore');
  if (!fs.existsSync(gi)) fs.writeFileSync(gi, '*\n');
}

// Last lines written to `file` since byte `from`, long lines clipped so a
// stack trace stays readable in a terminal.
export function tail(file, from = 0, lines = 15) {
  try {
    const fd = fs.openSync(file, 'r');
    const { size } = fs.fstatSync(fd);
    const start = Math.max(from <= size ? from : 0, size - 16_384);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    fs.closeSync(fd);
    return buf
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('=== '))
      .slice(-lines)
      .map((l) => (l.length > 300 ? `${l.slice(0, 300)} ...` : l))
      .join('\n');
  } catch {
    return '';
  }
}

// The most telling line of a failed start: the innermost "Caused by" of a
// Java stack trace, else the first ERROR/FATAL/exception line.
export function reasonFrom(marks) {
  const lines = marks.flatMap(({ file, from }) => {
    try {
      return readSince(file, from).split('\n');
    } catch {
      return [];
    }
  });
  const caused = lines.filter((l) => l.startsWith('Caused by: ')).pop();
  const line = caused ?? lines.find((l) => /\b(ERROR|FATAL)\b|Exception|error:/i.test(l) && !l.startsWith('\tat '));
  return line ? `: ${line.trim().slice(0, 240)}` : '';
}

export function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

// Text appended to `file` since byte `offset` (the log may be shared with
// earlier runs; only this run's lines count for readiness).
export function readSince(file, offset) {
  const size = fileSize(file);
  if (size < offset) offset = 0; // rotated or truncated meanwhile
  if (size === offset) return '';
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(size - offset);
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  return buf.toString('utf8');
}

export function render(templateFile, vars) {
  const text = fs.readFileSync(templateFile, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, k) => {
    if (!(k in vars)) throw new StackError(`${rel(templateFile)}: no value for ${m}`);
    return String(vars[k]);
  });
  return text;
}

// Write only when the content changed, so a running service's config file
// is not touched by an idempotent `up`.
export function writeIfChanged(file, content) {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {}
  fs.writeFileSync(file, content);
}

export function tcpOpen(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

// Any HTTP response counts (S3Proxy answers an unsigned GET / with 403).
export function httpAnswers(port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

// Runs a short-lived command to completion. Output goes to `logFile` when
// given (mvn is chatty), otherwise it is returned.
export function run(cmd, args, { logFile, env, uid, gid, cwd, detached = false } = {}) {
  return new Promise((resolve, reject) => {
    let fd;
    if (logFile) {
      fd = fs.openSync(logFile, 'a');
      fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
    }
    let child;
    try {
      child = spawn(cmd, args, {
        stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
        env: env ?? process.env,
        uid,
        gid,
        cwd,
        detached,
      });
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      return reject(e);
    }
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (e) => {
      if (fd !== undefined) fs.closeSync(fd);
      reject(e.code === 'ENOENT' ? new StackError(`command not found: ${cmd}`) : e);
    });
    child.on('close', (code) => {
      if (fd !== undefined) fs.closeSync(fd);
      resolve({ code, out });
    });
  });
}

// Long-running service: its own process group (so it outlives this script and
// a Ctrl-C in the terminal that ran `up`), stdout/stderr straight into a log
// file, and no handle keeping our event loop alive.
export function spawnDetached(cmd, args, logFile, opts = {}) {
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} stack up: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], cwd: ROOT, ...opts });
  fs.closeSync(fd);
  child.exitInfo = null;
  child.on('exit', (code, signal) => (child.exitInfo = { code, signal }));
  child.on('error', (e) => (child.exitInfo = { error: e }));
  child.unref();
  return child;
}

// The executable `exe` in a directory of PATH, or null.
export function onPath(exe) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, exe);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}
