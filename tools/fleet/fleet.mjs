#!/usr/bin/env node
// `npm run fleet -- --agents N [options]`: N simulated agents against running services
// (tools/fleet/fleet-main.ts; `--help` lists the options). Ctrl-C stops them and prints the memory
// per agent. `--processes P` splits them over P processes (one core each at most): each runs its own
// share, numbered on from the previous one's, under one fleet name, and prints its own lines.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { ensureProjectNode } from '../start/project-node.mjs';

await ensureProjectNode('npm run fleet');
const root = resolve(import.meta.dirname, '../..');
// `--name=value` as `--name value`, as fleet-main's parseArgs accepts both.
const args = process.argv.slice(2).flatMap((arg) => (/^--[^=]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));

/** The value of `--name value` in `args`, or undefined. */
function valueOf(name) {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `args` without `--name value`. */
function without(list, name) {
  const index = list.indexOf(`--${name}`);
  return index < 0 ? list : [...list.slice(0, index), ...list.slice(index + 2)];
}

function run(childArgs, prefix) {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'tools/fleet/fleet-main.ts'), ...childArgs],
    { cwd: root, stdio: prefix ? ['inherit', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } },
  );
  if (prefix) {
    createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
  }
  return child;
}

const processes = Number(valueOf('processes') ?? 1);
const agents = Number(valueOf('agents'));
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`fleet: --processes must be a whole number of at least 1, not "${valueOf('processes')}"`);
  process.exit(2);
}
let children;
if (processes === 1 || args.includes('--help') || !Number.isInteger(agents) || agents < processes) {
  children = [run(without(args, 'processes'))];
} else {
  // One name for the whole fleet (inventory.fleet, hardware IDs); each process its own range of agent numbers.
  const name = valueOf('name') ?? `fleet-${randomBytes(3).toString('hex')}`;
  const base = without(without(without(without(args, 'processes'), 'agents'), 'name'), 'first-index');
  const share = Math.ceil(agents / processes);
  children = [];
  for (let number = 0; number * share < agents; number += 1) {
    const count = Math.min(share, agents - number * share);
    children.push(run([...base, '--name', name, '--agents', String(count), '--first-index', String(number * share)], `[${number + 1}/${Math.ceil(agents / share)}] `));
  }
}
// Ctrl-C reaches the children too (same process group): they stop their agents and report; this one waits for them.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
const codes = await Promise.all(children.map((child) => new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))))));
process.exit(Math.max(...codes));
