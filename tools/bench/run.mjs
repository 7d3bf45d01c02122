#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs bench/<name>.bench.ts against the local stack. Each
// bench prints a one-line summary and writes bench/results/<name>.json; figures are ratios to a
// baseline measured in the same run, never pass/fail timings.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureProjectNode } from '../start/project-node.mjs';

await ensureProjectNode('npm run bench');
const root = resolve(import.meta.dirname, '../..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>; benches: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}
const script = join(root, 'bench', `${name}.bench.ts`);
if (!existsSync(script)) process.exit(2);
const result = spawnSync(
  process.execPath,
  ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script, ...args],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } },
);
process.exit(result.status ?? 1);
