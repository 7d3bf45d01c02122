#!/usr/bin/env node
// `npm start`: everything on a fresh machine — installs dependencies when needed, starts the
// local stack (Kafka, S3Proxy, PostgreSQL), builds and starts the five services, waits until
// each is ready, serves the web console on :3000, loads the demo data (first start only) and starts three demo agents, and prints
// where everything is. `npm start -- --no-demo` skips the demo. Ctrl-C stops the services and
// agents; the stack keeps running until `npm run stack:down`.
// `npm start -- --check` starts everything the same way, checks that every part answers (and,
// with the demo, that the demo agents run the demo program), then stops what it started and
// exits 0 or 1: `.ci/run` runs it first on its fresh clone.
//
// Only Node's own modules are imported statically: on a fresh clone nothing else is installed
// until the install step below has run. That step runs on whatever Node started this script (the
// system's, on a fresh clone); everything after it on the Node.js of package.json's `engines`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDependencies, ensureProjectNode } from './project-node.mjs';

const root = resolve(import.meta.dirname, '../..');
const logDir = join(root, '.stack', 'logs');
// The local system keeps to topics of its own (`local.sdp.…`), so what the test suites publish
// on the same local broker never reaches it.
const LOCAL_TOPIC_PREFIX = 'local.';
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const withDemo = !process.argv.includes('--no-demo');
const checkOnly = process.argv.includes('--check');
// A check runs on databases, topics, consumer groups and a source bucket of its own: it proves a
// fresh system works whatever the local system holds (the stack's S3 data lives in .stack/, an
// external PostgreSQL outlives it). Its databases are dropped afterwards; its topics, groups, ACLs
// and bucket stay on the local stack under the check's prefix (`node tools/stack/stack.mjs reset` clears them).
const checkRun = checkOnly ? `check${Date.now().toString(36)}` : undefined;
const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const databaseOf = (service) => `${POSTGRES}/sdp_${checkRun ? `${checkRun}_` : ''}${service.replace('-', '_')}`;
const serviceEnv = checkRun ? { KAFKA_TOPIC_PREFIX: `${checkRun}.`, SOURCE_S3_BUCKET: `sdp-${checkRun}-source` } : { KAFKA_TOPIC_PREFIX: LOCAL_TOPIC_PREFIX };
const CONSOLE_PORT = 3000;
const demoDir = join(root, '.stack', 'demo-agents');

/** `alias`: how the console's proxy (/services/<alias>/…), the CLI and the demo name the service. */
const SERVICES = [
  { name: 'catalog', alias: 'catalog', port: 3001 },
  { name: 'content-replication', alias: 'replication', port: 3002 },
  { name: 'targeting', alias: 'targeting', port: 3003 },
  { name: 'advertisement', alias: 'advertisement', port: 3004 },
  { name: 'metering', alias: 'metering', port: 3005 },
];

function step(title, command, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: ${title} failed`);
    process.exit(1);
  }
}

async function waitUntilReady(service, deadline) {
  const url = `http://127.0.0.1:${service.port}/health/ready`;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  return false;
}

const started = Date.now();
ensureDependencies('npm start');
await ensureProjectNode('npm start');
step('starting the local stack', process.execPath, ['tools/stack/stack.mjs', 'up']);
step('building the services', join(root, 'node_modules/.bin/nx'), [
  'run-many', '-t', 'build', '-p', [...SERVICES.map((s) => s.name), 'agent', 'cli', 'console'].join(','), '--parallel=2', '--output-style=stream',
]);

step('granting the services their Kafka ACLs', join(root, 'node_modules/.bin/ts-node'), [
  '--transpile-only', '-r', 'tsconfig-paths/register', 'tools/start/prepare-kafka.ts', serviceEnv.KAFKA_TOPIC_PREFIX,
]);

mkdirSync(logDir, { recursive: true });
/** Starts a built program with its output appended to .stack/logs/<name>.log. */
function spawnLogged(name, args, extraEnv) {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); see ${join(logDir, `${name}.log`)}`);
    }
  });
  return child;
}
const children = SERVICES.map((service) => ({
  service,
  child: spawnLogged(service.name, [join(root, 'dist/apps', service.name, 'main.js')], {
    ...serviceEnv,
    PORT: String(service.port),
    ...(checkRun && { DATABASE_URL: databaseOf(service.name) }),
  }),
}));

let stopping = false;
/** Stops every child; `afterwards` runs once they have exited (or after 10 s), before the exit. */
function stop(exitCode = 0, afterwards = async () => {}) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the services, console and agents (the stack keeps running; `npm run stack:down` stops it)');
  for (const { child } of children) child.kill('SIGTERM');
  const exited = Promise.all(children.map(({ child }) => new Promise((done) => (child.exitCode !== null ? done() : child.on('exit', done)))));
  Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))])
    .then(() => afterwards())
    .catch((error) => console.error(`after stopping: ${error.message}`))
    .finally(() => process.exit(exitCode));
}

/** The check's own databases go once its services have stopped. */
async function dropCheckDatabases() {
  if (!checkRun) return;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await admin.connect();
  try {
    for (const service of SERVICES) {
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseOf(service.name)).pathname.slice(1)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
process.on('SIGINT', () => stop(0, dropCheckDatabases));
process.on('SIGTERM', () => stop(0, dropCheckDatabases));

const deadline = Date.now() + 120_000;
const ready = await Promise.all(children.map(({ service }) => waitUntilReady(service, deadline)));
console.log('');
children.forEach(({ service }, index) => {
  const state = ready[index] ? 'ready' : 'NOT READY';
  console.log(
    `${service.name.padEnd(20)} ${state.padEnd(9)} http://127.0.0.1:${service.port}  (API docs /api/docs, log .stack/logs/${service.name}.log)`,
  );
});
if (!ready.every(Boolean)) {
  console.error('\nsome services did not become ready within two minutes; see their logs');
  stop(1, dropCheckDatabases);
} else {
  children.push({
    service: { name: 'console' },
    child: spawnLogged('console', [join(root, 'dist/apps/console/server.js')], { PORT: String(CONSOLE_PORT) }),
  });
  console.log(`${'console'.padEnd(20)} started   http://127.0.0.1:${CONSOLE_PORT}  (sign in with the admin token; log .stack/logs/console.log)`);
  console.log(`\nall services ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Admin token: dev-admin-token.`);
  const demo = withDemo ? await startDemo() : undefined;
  if (checkOnly) {
    const failures = await checkEverything(demo);
    console.log(failures.length === 0 ? '\ncheck: every part answered' : `\ncheck FAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
    stop(failures.length === 0 ? 0 : 1, dropCheckDatabases);
  } else {
    console.log('\nCtrl-C stops the services and agents.');
  }
}

/** `--check`: every part answers as a user would reach it; returns what did not. */
async function checkEverything(demo) {
  const failures = [];
  const expect = async (what, probe) => {
    try {
      const problem = await probe();
      console.log(`check: ${what}: ${problem ?? 'ok'}`);
      if (problem) failures.push(`${what}: ${problem}`);
    } catch (error) {
      console.log(`check: ${what}: ${error.message}`);
      failures.push(`${what}: ${error.message}`);
    }
  };
  const consoleUrl = `http://127.0.0.1:${CONSOLE_PORT}`;
  await expect('console serves its page', async () => {
    const until = Date.now() + 30_000;
    for (;;) {
      const response = await fetch(consoleUrl).catch(() => undefined);
      if (response?.ok && (await response.text()).includes('<html')) return undefined;
      if (Date.now() > until) return response ? `HTTP ${response.status}` : 'not listening';
      await new Promise((done) => setTimeout(done, 500));
    }
  });
  for (const service of SERVICES) {
    await expect(`console reaches ${service.name} with the admin token`, async () => {
      const response = await fetch(`${consoleUrl}/services/${service.alias}/api/v1/me`, { headers: { authorization: 'Bearer dev-admin-token' } });
      return response.ok ? undefined : `HTTP ${response.status}`;
    });
  }
  await expect('sdp whoami (the bin entry)', async () => {
    const cli = spawnSync(process.execPath, [join(root, 'tools/bin/sdp.mjs'), 'whoami'], { cwd: root, env: { ...env, SDP_TOKEN: 'dev-admin-token' }, encoding: 'utf8' });
    return cli.status === 0 ? undefined : `exit ${cli.status}: ${(cli.stderr || cli.stdout).trim().slice(0, 300)}`;
  });
  if (withDemo) {
    await expect('demo data loaded', async () => (demo ? undefined : 'see the demo line above'));
    if (demo) {
      await expect('the Engineering demo agents ran the demo program, the Sales one did not (3 min at most)', async () => {
        const receipt = (agent) => existsSync(join(demoDir, 'receipts', agent, 'demo-tool.txt'));
        const until = Date.now() + 180_000;
        while (!(receipt('demo-windows') && receipt('demo-linux')) && Date.now() < until) {
          await new Promise((done) => setTimeout(done, 2_000));
        }
        const missing = ['demo-windows', 'demo-linux'].filter((agent) => !receipt(agent));
        if (missing.length > 0) return `no receipt from ${missing.join(', ')} (see .stack/logs/demo-*.log)`;
        return receipt('demo-macos') ? 'demo-macos ran it, though it is not in the collection' : undefined;
      });
    }
  }
  return failures;
}

async function startDemo() {
  const urls = Object.fromEntries(SERVICES.map((service) => [service.alias, `http://127.0.0.1:${service.port}`]));
  try {
    // Imported here, not at the top: on a fresh clone its dependencies exist only after `npm ci`.
    const { DEMO_AGENTS, loadDemoData } = await import('./demo.mjs');
    const demo = await loadDemoData({
      urls,
      token: 'dev-admin-token',
      s3: { dpEndpoints: ['http://127.0.0.1:9101', 'http://127.0.0.1:9102'], accessKey: 'sdp-local', secretKey: 'sdp-local-secret', region: 'us-east-1' },
    });
    console.log(demo.made.length > 0 ? `\ndemo data: made ${demo.made.join(', ')}` : '\ndemo data: already there');
    // A check proves the demo runs now: no receipt or history of an earlier start may count.
    if (checkOnly) rmSync(demoDir, { recursive: true, force: true });
    mkdirSync(demoDir, { recursive: true });
    for (const agent of DEMO_AGENTS) {
      const inventoryFile = join(demoDir, `${agent.name}.inventory.json`);
      // No hardwareId: each agent keeps its own in its data dir with its key, so a wiped data dir
      // is a new computer rather than a second claim on an existing client (which would wait for
      // an administrator to resolve it).
      writeFileSync(inventoryFile, JSON.stringify(agent));
      const child = spawnLogged(
        agent.name,
        [
          join(root, 'dist/apps/agent/main.js'),
          '--targeting', urls.targeting,
          '--advertisement', urls.advertisement,
          '--replication', urls.replication,
          '--enroll-secret', 'dev-enroll-secret',
          '--data-dir', join(demoDir, agent.name),
          '--inventory-file', inventoryFile,
          '--poll-seconds', '10',
        ],
        { SDP_DEMO_RECEIPTS: join(demoDir, 'receipts', agent.name) },
      );
      children.push({ service: { name: agent.name }, child });
    }
    console.log(
      [
        '',
        `demo: package ${demo.packageId} goes to demo-dp1 and demo-dp2; advertisement ${demo.advertisementId} makes it mandatory for collection ${demo.collectionId}`,
        `      (inventory.department = 'Engineering'): demo-windows and demo-linux run it, demo-macos (Sales) does not.`,
        `      agents poll every 10 s; logs in .stack/logs/demo-*.log, receipts in .stack/demo-agents/receipts/<agent>/`,
        `      watch it:  npx sdp package status ${demo.packageId} --watch`,
        `                 npx sdp advertisement status ${demo.advertisementId} --watch`,
      ].join('\n'),
    );
    return demo;
  } catch (error) {
    console.error(`demo: could not load the demo data: ${error.message}`);
    return undefined;
  }
}
