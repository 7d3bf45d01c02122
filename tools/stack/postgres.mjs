import fs from 'node:fs';
import path from 'node:path';
import { DIR, HOST, PG, STATE } from './config.mjs';
import { onPath, run, StackError, tcpOpen } from './utilities.mjs';

// PostgreSQL is usually provided by the machine (CI images, dev boxes). We only
// run a private cluster when nothing answers on the port.
export function pgPart() {
  const name = 'postgres';
  const log = path.join(DIR.logs, 'postgres.log');
  const pgRoot = path.join(STATE, 'pg');
  const dataDir = path.join(pgRoot, 'data');

  function findPgBin(exe) {
    const fromPath = onPath(exe);
    if (fromPath) return fromPath;
    try {
      const base = '/usr/lib/postgresql';
      const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
      for (const v of versions) {
        const p = path.join(base, v, 'bin', exe);
        if (fs.existsSync(p)) return p;
      }
    } catch {}
    return null;
  }

  async function pgIsReady() {
    const bin = findPgBin('pg_isready');
    if (!bin) return true; // TCP connect already passed; nothing better to ask
    const r = await run(bin, ['-q', '-h', HOST, '-p', String(PG.port), '-t', '3']);
    return r.code === 0;
  }

  // initdb and postgres refuse to run as root. When we are root (CI, containers)
  // run them as the distribution's `postgres` account instead.
  function runAs() {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    if (!line) throw new StackError('postgres: running as root and there is no "postgres" user to run initdb/pg_ctl as');
    const [, , uid, gid, , home] = line.split(':');
    return { uid: Number(uid), gid: Number(gid), home };
  }

  return {
    name,
    group: 'postgres',
    port: PG.port,
    log,
    logs: [log],
    readyTimeoutMs: PG.readyTimeoutMs,
    // SIGTERM is "smart" shutdown: it waits for every client (a forgotten
    // pool in a test) to disconnect. SIGINT is "fast": aborts them and exits.
    stopSignal: 'SIGINT',
    marker: ['-D', dataDir], // pg_ctl starts `postgres -D <dataDir> ...`
    ready: async () => (await tcpOpen(PG.port)) && (await pgIsReady()),
    async start() {
      const timings = {};
      const initdb = findPgBin('initdb');
      const pgCtl = findPgBin('pg_ctl');
      if (!initdb || !pgCtl) throw new StackError(`postgres: nothing answers on ${HOST}:${PG.port} and no initdb/pg_ctl found (PATH, /usr/lib/postgresql/*/bin)`);
      const who = runAs();
      const env = { ...process.env, ...(who.home ? { HOME: who.home } : {}), LC_ALL: 'C.UTF-8' };
      fs.mkdirSync(pgRoot, { recursive: true });
      if (!fs.existsSync(log)) fs.writeFileSync(log, '');
      if (who.uid !== undefined) {
        for (const p of [pgRoot, log]) fs.chownSync(p, who.uid, who.gid);
        if (fs.existsSync(dataDir)) fs.chownSync(dataDir, who.uid, who.gid);
      }
      if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        const t = Date.now();
        const r = await run(
          initdb,
          ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
          { uid: who.uid, gid: who.gid, env, logFile: log, cwd: pgRoot },
        );
        if (r.code !== 0) throw new StackError(`postgres: initdb failed (exit ${r.code})`);
        timings.initdb = Date.now() - t;
      }
      // Loopback TCP only; no Unix socket, so the socket directory can never
      // collide with a system cluster's or exceed the 107-byte path limit.
      // pg_ctl -w returns once the server accepts connections; the postmaster
      // it forks lives on after pg_ctl (and we) exit.
      const opts = `-p ${PG.port} -c listen_addresses=${HOST} -c unix_socket_directories=''`;
      // detached: the postmaster inherits pg_ctl's session, which must not be
      // our terminal's (a Ctrl-C there would shut the database down).
      const tStart = Date.now();
      const r = await run(pgCtl, ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', opts, 'start'], {
        detached: true,
        uid: who.uid,
        gid: who.gid,
        env,
        cwd: pgRoot,
      });
      if (r.code !== 0) throw new StackError(`postgres: pg_ctl start failed (exit ${r.code}): ${r.out.trim().split('\n').pop()}`);
      timings.boot = Date.now() - tStart;
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return { pid, timings };
    },
  };
}
