#!/usr/bin/env node
// Local service stack for development and integration tests:
//   Kafka 4.x (single KRaft broker+controller, SASL/SCRAM and ACLs), three
//   S3Proxy instances (S3 source store + two distribution points) and PostgreSQL.
//
//   node tools/stack/stack.mjs up [--only kafka,s3,postgres]
//   node tools/stack/stack.mjs down [--only ...]
//   node tools/stack/stack.mjs status [--only ...]
//   node tools/stack/stack.mjs reset          (down + delete all state but the classpath cache)
//
// Why it looks like this:
// - No Docker engine on our machines and no internet except package
//   registries, so the JVM services come from Maven Central (via `mvn`, into
//   ~/.m2) and run as plain detached `java` processes.
// - It must work before `npm install` (it is what tests need first), so it
//   uses Node built-ins only and is a single file.
// - All runtime state is under <repo>/.stack/ (data, logs, pid files,
//   generated configs). A pid file is written only for a process this script
//   started, and `down` only ever signals those.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const STATE = path.join(ROOT, '.stack');
const DIR = {
  logs: path.join(STATE, 'logs'),
  run: path.join(STATE, 'run'),
  conf: path.join(STATE, 'conf'),
  // Resolved classpaths; survives `reset` so a reset stack starts without Maven.
  cache: path.join(STATE, 'cache'),
};
const HOST = '127.0.0.1';

// STACK_KAFKA_PORT / STACK_KAFKA_CONTROLLER_PORT let a second checkout run a Kafka of its own
// beside the default one (clients then need KAFKA_BROKERS=127.0.0.1:<port>).
const KAFKA = {
  port: Number(process.env.STACK_KAFKA_PORT || 19092),
  controllerPort: Number(process.env.STACK_KAFKA_CONTROLLER_PORT || 19093),
  // SASL_SSL, with a certificate the stack makes itself (keytool, from the JDK it already needs):
  // the same listener a production cluster offers, for whoever wants to try a client on it.
  tlsPort: Number(process.env.STACK_KAFKA_TLS_PORT || 19094),
  readyTimeoutMs: 90_000,
};
// The SCRAM-SHA-512 users of the local broker: LOCAL DEVELOPMENT ONLY, published defaults like
// `dev-enroll-secret`. The same names and passwords are libs/config's DEV_KAFKA_USERS (a unit
// test holds them equal); services refuse these passwords with NODE_ENV=production. `sdp-admin`
// is the super user that tooling and tests use to create topics and ACLs; the services' ACLs are
// granted per topic prefix by `grantServiceAcls` (libs/messaging), not here.
const KAFKA_USERS = {
  'sdp-admin': 'dev-kafka-admin-secret',
  'sdp-catalog': 'dev-kafka-catalog-secret',
  'sdp-content-replication': 'dev-kafka-content-replication-secret',
  'sdp-targeting': 'dev-kafka-targeting-secret',
  'sdp-advertisement': 'dev-kafka-advertisement-secret',
  'sdp-event-reader': 'dev-kafka-event-reader-secret',
};
// The controller listener (loopback only) authenticates with SASL/PLAIN from the broker's own
// static JAAS entry: SCRAM credentials live in the metadata log, which the controller serves,
// so they cannot guard it. Its one user is a super user, as the broker must be towards it.
const KAFKA_CONTROLLER_USER = { name: 'sdp-controller', password: 'dev-kafka-controller-secret' };
const S3 = {
  // 9000 is the source store, 9101/9102 the distribution points.
  ports: [9000, 9101, 9102],
  identity: 'sdp-local',
  credential: 'sdp-local-secret',
  readyTimeoutMs: 60_000,
};
// STACK_PG_PORT exists only so the private-cluster path can be exercised on a
// machine where something already serves 5432.
const PG = { port: Number(process.env.STACK_PG_PORT || 5432), readyTimeoutMs: 60_000 };

const STOP_GRACE_MS = 15_000;
const MIN_JAVA = 17; // Kafka 4.x brokers and S3Proxy 4.x both need 17+.
// Pinned so every machine runs the same resolver; the super-POM default (2.8) is ancient.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

// ---------------------------------------------------------------- utilities

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const rel = (p) => path.relative(ROOT, p) || '.';

// logFiles: [{ file, from }] — the log excerpt (from byte `from`) to show
// under the one-line message when a part fails.
class StackError extends Error {
  constructor(message, logFiles = []) {
    super(message);
    this.logFiles = logFiles;
  }
}

const logMarks = (files) => files.map((file) => ({ file, from: fileSize(file) }));

function ensureDirs() {
  for (const d of Object.values(DIR)) fs.mkdirSync(d, { recursive: true });
  // Keeps .stack/ out of git even in a checkout whose .gitignore lacks it.
  const gi = path.join(STATE, '.gitignore');
  if (!fs.existsSync(gi)) fs.writeFileSync(gi, '*\n');
}

// Last lines written to `file` since byte `from`, long lines clipped so a
// stack trace stays readable in a terminal.
function tail(file, from = 0, lines = 15) {
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
function reasonFrom(marks) {
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

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

// Text appended to `file` since byte `offset` (the log may be shared with
// earlier runs; only this run's lines count for readiness).
function readSince(file, offset) {
  const size = fileSize(file);
  if (size < offset) offset = 0; // rotated or truncated meanwhile
  if (size === offset) return '';
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(size - offset);
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  return buf.toString('utf8');
}

function render(templateFile, vars) {
  const text = fs.readFileSync(templateFile, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, k) => {
    if (!(k in vars)) throw new StackError(`${rel(templateFile)}: no value for ${m}`);
    return String(vars[k]);
  });
  return text;
}

// Write only when the content changed, so a running service's config file
// is not touched by an idempotent `up`.
function writeIfChanged(file, content) {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {}
  fs.writeFileSync(file, content);
}

function tcpOpen(port, timeoutMs = 1000) {
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
function httpAnswers(port, timeoutMs = 2000) {
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
function run(cmd, args, { logFile, env, uid, gid, cwd, detached = false } = {}) {
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
function spawnDetached(cmd, args, logFile, opts = {}) {
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

// ------------------------------------------------------------ pid bookkeeping

const pidFile = (name) => path.join(DIR.run, `${name}.pid`);

function readPid(name) {
  try {
    return JSON.parse(fs.readFileSync(pidFile(name), 'utf8'));
  } catch {
    return null;
  }
}

// `marker`: the arguments that must appear in the process's command line. They
// guard against signalling an unrelated process that reused the pid, or the
// same service started from another checkout of the repo.
function writePid(name, pid, marker) {
  fs.writeFileSync(pidFile(name), JSON.stringify({ pid, marker, startedAt: new Date().toISOString() }) + '\n');
}

function removePid(name) {
  fs.rmSync(pidFile(name), { force: true });
}

function pidAlive(pid) {
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

function isOurs(info) {
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
async function stopPid(pid, signal = 'SIGTERM') {
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
async function withLock(fn) {
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

// ------------------------------------------------------------- java + maven

function javaMajor(home) {
  try {
    const m = fs.readFileSync(path.join(home, 'release'), 'utf8').match(/JAVA_VERSION="(\d+)(?:\.(\d+))?/);
    if (!m) return 0;
    return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  } catch {
    return 0;
  }
}

function onPath(exe) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, exe);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

let javaCache;
// JAVA_HOME, then the `java` on PATH, then any JDK under /usr/lib/jvm (newest
// first): the first one new enough wins, so a machine whose default java is
// too old still works if a newer JDK is installed alongside.
function findJava() {
  if (javaCache) return javaCache;
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const onPathJava = onPath('java');
  if (onPathJava) candidates.push(path.dirname(path.dirname(fs.realpathSync(onPathJava))));
  try {
    const jvm = '/usr/lib/jvm';
    const homes = fs.readdirSync(jvm).map((d) => path.join(jvm, d));
    candidates.push(...homes.sort((a, b) => javaMajor(b) - javaMajor(a)));
  } catch {}
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (javaMajor(home) >= MIN_JAVA && fs.existsSync(bin)) return (javaCache = { home, bin, major: javaMajor(home) });
  }
  throw new StackError(`no Java ${MIN_JAVA}+ found (looked at JAVA_HOME, PATH, /usr/lib/jvm)`);
}

// Maven runs one at a time: two resolutions writing the same artifacts into
// ~/.m2 concurrently can corrupt them on a cold cache.
let mavenQueue = Promise.resolve();
const classpathMemo = new Map();

// Resolves the runtime classpath of tools/stack/<name>/pom.xml and caches it
// under .stack/cache/, keyed by the pom's hash; re-runs Maven only when the
// pom changed or a cached jar disappeared from ~/.m2. Returns the path of a
// java @argfile holding `-cp ...`, which keeps `ps` output readable.
function resolveClasspath(name) {
  if (!classpathMemo.has(name)) classpathMemo.set(name, doResolveClasspath(name));
  return classpathMemo.get(name);
}

async function doResolveClasspath(name) {
  const pom = path.join(HERE, name, 'pom.xml');
  const pomHash = crypto.createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  const cacheFile = path.join(DIR.cache, `${name}.classpath.json`);
  const argFile = path.join(DIR.cache, `${name}.classpath.args`);
  let cached = null;
  try {
    cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  } catch {}
  let jars = cached?.pomHash === pomHash && cached.jars.every((j) => fs.existsSync(j)) ? cached.jars : null;
  let resolvedNow = false;
  if (!jars) {
    const run1 = mavenQueue.then(async () => {
      const out = path.join(DIR.cache, `${name}.classpath.txt`);
      const log = path.join(DIR.logs, `mvn-${name}.log`);
      const marks = logMarks([log]);
      fs.rmSync(out, { force: true });
      const mvn = onPath('mvn');
      if (!mvn) throw new StackError('mvn not found on PATH (needed once to fetch the JVM services)');
      const { code } = await run(
        mvn,
        ['-q', '-B', '-f', pom, `${DEPENDENCY_PLUGIN}:build-classpath`, `-Dmdep.outputFile=${out}`],
        { logFile: log, env: { ...process.env, JAVA_HOME: findJava().home } },
      );
      if (code !== 0 || !fs.existsSync(out)) throw new StackError(`mvn failed to resolve ${rel(pom)} (exit ${code})${reasonFrom(marks)}`, marks);
      const jarList = fs.readFileSync(out, 'utf8').trim().split(path.delimiter).filter(Boolean);
      fs.rmSync(out, { force: true });
      return jarList;
    });
    mavenQueue = run1.catch(() => {});
    jars = await run1;
    fs.writeFileSync(cacheFile, JSON.stringify({ pomHash, jars }, null, 1) + '\n');
    resolvedNow = true;
  }
  // Java @argfiles treat backslash as an escape inside quotes.
  writeIfChanged(argFile, `-cp "${jars.join(path.delimiter).replace(/\\/g, '\\\\')}"\n`);
  return { argFile, resolvedNow };
}

// ------------------------------------------------------------------- parts
//
// Each part: name, where it listens, which logs to show on failure, how to
// tell it is serving (`ready`), how to start it (`start`, returns the pid),
// and which signal stops it cleanly.

function kafkaPart() {
  const name = 'kafka';
  const log = path.join(DIR.logs, 'kafka.log');
  const outLog = path.join(DIR.logs, 'kafka.out.log'); // JVM stdout/stderr: crashes before log4j is up
  const dataDir = path.join(STATE, 'kafka', 'data');
  const serverProps = path.join(DIR.conf, 'kafka-server.properties');
  // Which SCRAM users the log dir was formatted with: a log dir formatted before (or with other
  // users) is formatted again, since users can only be added at format time without a login.
  const usersMark = path.join(STATE, 'kafka', 'scram-users.sha256');
  const usersHash = crypto.createHash('sha256').update(JSON.stringify(KAFKA_USERS)).digest('hex');
  const log4jProps = path.join(DIR.conf, 'kafka-log4j2.properties');
  const tls = kafkaTlsFiles();
  let logOffset = 0; // set by start(); readiness only trusts lines after it

  return {
    name,
    group: 'kafka',
    port: KAFKA.port,
    log,
    logs: [log, outLog],
    readyTimeoutMs: KAFKA.readyTimeoutMs,
    stopSignal: 'SIGTERM',
    marker: [`-Dstack.part=${name}`, `-Dstack.root=${ROOT}`],
    // Port-open alone is not enough: the socket server accepts before the
    // broker has caught up with the metadata log and can serve requests.
    async ready(fresh) {
      if (!(await tcpOpen(KAFKA.port))) return false;
      if (!fresh) return true; // already-running broker: the port is proof enough
      return readSince(log, logOffset).includes('Kafka Server started');
    },
    async start() {
      const timings = {};
      let t = Date.now();
      const { argFile, resolvedNow } = await resolveClasspath('kafka');
      if (resolvedNow) timings.mvn = Date.now() - t;
      const java = findJava();
      fs.mkdirSync(dataDir, { recursive: true });
      await ensureKafkaCertificate(java, tls);
      writeIfChanged(
        serverProps,
        render(path.join(HERE, 'kafka', 'server.properties.tmpl'), {
          PORT: KAFKA.port,
          TLS_PORT: KAFKA.tlsPort,
          KEYSTORE: tls.keystore,
          KEYSTORE_PASSWORD: tls.password,
          CONTROLLER_PORT: KAFKA.controllerPort,
          LOG_DIRS: dataDir,
          ADMIN_USER: 'sdp-admin',
          ADMIN_PASSWORD: KAFKA_USERS['sdp-admin'],
          CONTROLLER_USER: KAFKA_CONTROLLER_USER.name,
          CONTROLLER_PASSWORD: KAFKA_CONTROLLER_USER.password,
        }),
      );
      writeIfChanged(log4jProps, render(path.join(HERE, 'kafka', 'log4j2.properties.tmpl'), { LOG_FILE: log }));
      const common = [`-Dlog4j2.configurationFile=${log4jProps}`, `@${argFile}`];

      // KRaft refuses to start on an unformatted log dir; format exactly once
      // (formatting again would need a wipe). --standalone makes this node the
      // sole voter of a dynamic quorum, matching controller.quorum.bootstrap.servers.
      const formatted = fs.existsSync(path.join(dataDir, 'meta.properties'));
      if (formatted && readText(usersMark) !== usersHash) {
        console.log(`kafka: ${rel(dataDir)} was formatted without the current SASL users; formatting it again (its topics and events are gone)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir, { recursive: true });
      }
      if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
        t = Date.now();
        // Two short-lived JVMs: skip the optimising JIT and G1 set-up, they only cost start time.
        const tool = [java.bin, ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', ...common, 'kafka.tools.StorageTool']];
        const id = await run(tool[0], [...tool[1], 'random-uuid']);
        const clusterId = id.out.trim().split('\n').pop().trim();
        if (id.code !== 0 || !/^[A-Za-z0-9_-]{22}$/.test(clusterId)) throw new StackError(`kafka: random-uuid failed: ${id.out.trim()}`);
        const scram = Object.entries(KAFKA_USERS).flatMap(([name, password]) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`]);
        const fmt = await run(tool[0], [...tool[1], 'format', '-t', clusterId, '-c', serverProps, '--standalone', ...scram]);
        if (fmt.code !== 0) throw new StackError(`kafka: storage format failed: ${fmt.out.trim().split('\n').pop()}`);
        fs.writeFileSync(usersMark, usersHash);
        timings.format = Date.now() - t;
      }

      logOffset = fileSize(log);
      const child = spawnDetached(
        java.bin,
        [
          '-Xms256m',
          '-Xmx512m',
          // The broker's own defaults (bin/kafka-run-class.sh), minus GC logging.
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          '-XX:InitiatingHeapOccupancyPercent=35',
          '-XX:+ExplicitGCInvokesConcurrent',
          '-Djava.awt.headless=true',
          ...this.marker,
          ...common,
          'kafka.Kafka',
          serverProps,
        ],
        outLog,
      );
      return { child, timings };
    },
  };
}

/**
 * The local broker's TLS material under .stack/kafka/tls: a PKCS12 keystore with a self-signed
 * certificate for 127.0.0.1 and localhost, and that certificate as PEM (`ca.pem`), which a client
 * trusts as its CA (KAFKA_SSL_CA_FILE). Local development only, like the SCRAM passwords.
 */
function kafkaTlsFiles() {
  const dir = path.join(STATE, 'kafka', 'tls');
  return { dir, keystore: path.join(dir, 'broker.p12'), caPem: path.join(dir, 'ca.pem'), password: 'dev-kafka-keystore-secret' };
}

async function ensureKafkaCertificate(java, tls) {
  if (fs.existsSync(tls.keystore) && fs.existsSync(tls.caPem)) return;
  fs.rmSync(tls.dir, { recursive: true, force: true });
  fs.mkdirSync(tls.dir, { recursive: true });
  const keytool = path.join(path.dirname(java.bin), process.platform === 'win32' ? 'keytool.exe' : 'keytool');
  const store = ['-keystore', tls.keystore, '-storetype', 'PKCS12', '-storepass', tls.password, '-alias', 'broker'];
  const made = await run(keytool, [
    '-genkeypair', ...store, '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650',
    '-dname', 'CN=sdp local kafka', '-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-ext', 'BC:c=ca:true',
  ]);
  if (made.code !== 0) throw new StackError(`kafka: keytool could not make the TLS certificate: ${made.out.trim().split('\n').pop()}`);
  const exported = await run(keytool, ['-exportcert', '-rfc', ...store, '-file', tls.caPem]);
  if (exported.code !== 0) throw new StackError(`kafka: keytool could not export the TLS certificate: ${exported.out.trim().split('\n').pop()}`);
}

function s3Part(port) {
  const name = `s3-${port}`;
  const log = path.join(DIR.logs, `${name}.log`);
  const basedir = path.join(STATE, 's3', String(port));
  const props = path.join(DIR.conf, `s3proxy-${port}.properties`);
  return {
    name,
    group: 's3',
    port,
    log,
    logs: [log],
    readyTimeoutMs: S3.readyTimeoutMs,
    stopSignal: 'SIGTERM',
    marker: [`-Dstack.part=${name}`, `-Dstack.root=${ROOT}`],
    ready: () => httpAnswers(port),
    async start() {
      const timings = {};
      const t = Date.now();
      const { argFile, resolvedNow } = await resolveClasspath('s3proxy');
      if (resolvedNow) timings.mvn = Date.now() - t;
      const java = findJava();
      fs.mkdirSync(basedir, { recursive: true });
      writeIfChanged(
        props,
        render(path.join(HERE, 's3proxy', 's3proxy.properties.tmpl'), {
          PORT: port,
          IDENTITY: S3.identity,
          CREDENTIAL: S3.credential,
          BASEDIR: basedir,
        }),
      );
      const child = spawnDetached(
        java.bin,
        [
          // Idle it needs ~150 MB, but the ceiling must hold one whole signed
          // 528 MiB part plus the copies S3Proxy makes of it (1 GiB ran out of
          // memory, 2 GiB did not; see s3proxy.properties.tmpl). Heap is only
          // committed when used, and the periodic GC hands it back once idle.
          '-Xms64m',
          '-Xmx2g',
          '-XX:G1PeriodicGCInterval=60000',
          '-Djava.awt.headless=true',
          // Silences logback's own configuration chatter at every start.
          '-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener',
          ...this.marker,
          `@${argFile}`,
          'org.gaul.s3proxy.Main',
          '--properties',
          props,
        ],
        log,
      );
      return { child, timings };
    },
  };
}

// PostgreSQL is usually provided by the machine (CI images, dev boxes). We only
// run a private cluster when nothing answers on the port.
function pgPart() {
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

const ALL_PARTS = () => [kafkaPart(), ...S3.ports.map(s3Part), pgPart()];

// ------------------------------------------------------------------ commands

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
function printFailure(e) {
  console.error(`stack: ${e.message}`);
  if (printed.has(e)) return; // e.g. one failed mvn run shared by the three S3 parts
  printed.add(e);
  for (const { file, from } of e.logFiles ?? []) {
    const t = tail(file, from);
    if (t) console.error(`--- last lines of ${rel(file)}:\n${t.replace(/^/gm, '    ')}`);
  }
}

async function up(parts) {
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

async function down(parts) {
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

async function status(parts) {
  const results = await Promise.all(parts.map(statusPart));
  for (const [, l] of results) console.log(l);
  return results.every(([isUp]) => isUp) ? 0 : 1;
}

async function reset() {
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

function selectParts(only) {
  const all = ALL_PARTS();
  if (!only) return all;
  const alias = { pg: 'postgres', postgresql: 'postgres', s3proxy: 's3' };
  const wanted = new Set(only.split(',').map((s) => alias[s.trim()] ?? s.trim()).filter(Boolean));
  const parts = all.filter((p) => wanted.has(p.group) || wanted.has(p.name));
  const known = new Set(all.flatMap((p) => [p.group, p.name]));
  const unknown = [...wanted].filter((w) => !known.has(w));
  if (unknown.length) throw new StackError(`unknown part(s) for --only: ${unknown.join(', ')} (known: kafka, s3, postgres, ${S3.ports.map((p) => `s3-${p}`).join(', ')})`);
  return parts;
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  let only;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--only') only = rest[++i];
    else if (rest[i].startsWith('--only=')) only = rest[i].slice(7);
    else throw new StackError(`unknown argument: ${rest[i]}`);
  }
  switch (cmd) {
    case 'up':
      return up(selectParts(only));
    case 'down':
      return down(selectParts(only));
    case 'status':
      return status(selectParts(only));
    case 'reset':
      if (only) throw new StackError('reset does not take --only (it wipes the whole .stack/)');
      return reset();
    default:
      console.error('usage: node tools/stack/stack.mjs up|down|status|reset [--only kafka,s3,postgres]');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof StackError) printFailure(e);
    else console.error(e);
    process.exit(1);
  },
);
