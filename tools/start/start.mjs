#!/usr/bin/env node
// `npm start`: everything on a fresh machine — installs dependencies when needed, starts the
// local stack (Kafka, S3Proxy, PostgreSQL), builds and starts the four services, waits until
// each is ready and prints where they are. Ctrl-C stops the services; the stack keeps running
// until `npm run stack:down`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const logDir = join(root, '.stack', 'logs');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

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
  'run-many', '-t', 'build', '-p', SERVICES.map((s) => s.name).join(','), '--parallel=2', '--output-style=stream',
]);

mkdirSync(logDir, { recursive: true });
const children = SERVICES.map((service) => {
  const log = createWriteStream(join(logDir, `${service.name}.log`), { flags: 'a' });
  const child = spawn('node', ['--enable-source-maps', join(root, 'dist/apps', service.name, 'main.js')], {
    cwd: root,
    env: { ...env, PORT: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? code}); see ${join(logDir, `${service.name}.log`)}`);
    }
  });
  return { service, child };
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the services (the stack keeps running; `npm run stack:down` stops it)');
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
  console.log(`\nall services ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Admin token: dev-admin-token. Ctrl-C stops them.`);
} else {
  console.error('\nsome services did not become ready within two minutes; see their logs');
  stop();
  process.exitCode = 1;
}
