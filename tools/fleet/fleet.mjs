#!/usr/bin/env node
// `npm run fleet -- --agents N [options]`: N simulated agents in one process against running
// services (tools/fleet/fleet-main.ts; `--help` lists the options). Ctrl-C stops them and prints
// the memory per agent.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureProjectNode } from '../start/project-node.mjs';

await ensureProjectNode('npm run fleet');
const root = resolve(import.meta.dirname, '../..');
const child = spawn(
  process.execPath,
  ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'tools/fleet/fleet-main.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } },
);
// Ctrl-C reaches the child too (same process group): it stops its agents and reports; this one waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
