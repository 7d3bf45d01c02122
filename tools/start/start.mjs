#!/usr/bin/env node
// `npm start`: everything on a fresh machine — installs dependencies when needed, starts the
// local stack (Kafka, S3Proxy, PostgreSQL), builds and starts the four services, waits until
// each is ready, serves the web console on :3000, loads the demo data (first start only) and starts three demo agents, and prints
// where everything is. `npm start -- --no-demo` skips the demo. Ctrl-C stops the services and
// agents; the stack keeps running until `npm run stack:down`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_AGENTS, loadDemoData } from './demo.mjs';

const root = resolve(import.meta.dirname, '../..');
const logDir = join(root, '.stack', 'logs');
// The local system keeps to topics of its own (`local.sdp.…`), so what the test suites publish
// on the same local broker never reaches it.
const LOCAL_TOPIC_PREFIX = 'local.';
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const serviceEnv = { KAFKA_TOPIC_PREFIX: LOCAL_TOPIC_PREFIX };
const withDemo = !process.argv.includes('--no-demo');
const CONSOLE_PORT = 3000;
const demoDir = join(root, '.stack', 'demo-agents');

const SERVICES = [
  { name: 'catalog', port: 3001 },
  { name: 'content-replication', port: 3002 },
  { name: 'targeting', port: 3003 },
  { name: 'advertisement', port: 3004 },
];

function step(title, command, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: ${title} failed`);
    process.exit(1);
  }
}

function dependenciesOutdated() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs;
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
if (dependenciesOutdated()) step('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
step('starting the local stack', 'node', ['tools/stack/stack.mjs', 'up']);
step('building the services', join(root, 'node_modules/.bin/nx'), [
  'run-many', '-t', 'build', '-p', [...SERVICES.map((s) => s.name), 'agent', 'cli', 'console'].join(','), '--parallel=2', '--output-style=stream',
]);

mkdirSync(logDir, { recursive: true });
/** Starts a built program with its output appended to .stack/logs/<name>.log. */
function spawnLogged(name, args, extraEnv) {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn('node', ['--enable-source-maps', ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  child: spawnLogged(service.name, [join(root, 'dist/apps', service.name, 'main.js')], { ...serviceEnv, PORT: String(service.port) }),
}));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the services, console and agents (the stack keeps running; `npm run stack:down` stops it)');
  for (const { child } of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 10_000).unref();
  Promise.all(children.map(({ child }) => new Promise((done) => (child.exitCode !== null ? done() : child.on('exit', done))))).then(() =>
    process.exit(0),
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const deadline = Date.now() + 120_000;
const ready = await Promise.all(children.map(({ service }) => waitUntilReady(service, deadline)));
console.log('');
children.forEach(({ service }, index) => {
  const state = ready[index] ? 'ready' : 'NOT READY';
  console.log(
    `${service.name.padEnd(20)} ${state.padEnd(9)} http://127.0.0.1:${service.port}  (API docs /api/docs, log .stack/logs/${service.name}.log)`,
  );
});
if (ready.every(Boolean)) {
  children.push({
    service: { name: 'console' },
    child: spawnLogged('console', [join(root, 'dist/apps/console/server.js')], { PORT: String(CONSOLE_PORT) }),
  });
  console.log(`${'console'.padEnd(20)} started   http://127.0.0.1:${CONSOLE_PORT}  (sign in with the admin token; log .stack/logs/console.log)`);
  console.log(`\nall services ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Admin token: dev-admin-token.`);
  if (withDemo) await startDemo();
  console.log('\nCtrl-C stops the services and agents.');
} else {
  console.error('\nsome services did not become ready within two minutes; see their logs');
  stop();
  process.exitCode = 1;
}

async function startDemo() {
  const urls = Object.fromEntries(SERVICES.map((service) => [service.name === 'content-replication' ? 'replication' : service.name, `http://127.0.0.1:${service.port}`]));
  try {
    const demo = await loadDemoData({
      urls,
      token: 'dev-admin-token',
      s3: { dpEndpoints: ['http://127.0.0.1:9101', 'http://127.0.0.1:9102'], accessKey: 'sdp-local', secretKey: 'sdp-local-secret', region: 'us-east-1' },
    });
    console.log(demo.made.length > 0 ? `\ndemo data: made ${demo.made.join(', ')}` : '\ndemo data: already there');
    mkdirSync(demoDir, { recursive: true });
    for (const agent of DEMO_AGENTS) {
      const inventoryFile = join(demoDir, `${agent.name}.inventory.json`);
      writeFileSync(inventoryFile, JSON.stringify({ hardwareId: `demo-${agent.name}`, ...agent }));
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
        `      watch it:  npm run sdp -- package status ${demo.packageId} --watch`,
        `                 npm run sdp -- advertisement status ${demo.advertisementId} --watch`,
      ].join('\n'),
    );
  } catch (error) {
    console.error(`demo: could not load the demo data: ${error.message}`);
  }
}
