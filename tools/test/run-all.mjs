#!/usr/bin/env node
// `npm test`: every check of the repository in one run — lint, type check, unit, integration and
// end-to-end tests — ending with one line `N passed, N failed` summed over the whole run.
// Integration and e2e tests need the local stack: started here when it is not running (and
// stopped again afterwards), reused when it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDependencies, ensureProjectNode } from '../start/project-node.mjs';

// Like `npm start`, it works as the first command on a fresh clone: it installs, then runs on
// the Node.js of package.json's `engines`.
ensureDependencies('npm test');
await ensureProjectNode('npm test');
const root = resolve(import.meta.dirname, '../..');
const resultsDir = join(root, 'tmp', 'test-results');
mkdirSync(resultsDir, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.CI ? '0' : '1' };

const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0 };
const stages = [];

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function check(name, command, args) {
  console.log(`\n== ${name}`);
  const { ok, seconds } = run(command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  stages.push(`${name}: ${ok ? 'ok' : 'FAILED'} (${seconds}s)`);
}

function hasFiles(dir, suffix) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith(suffix) && !String(file).includes('node_modules'));
}

function jestStage(name, config, extraArgs = []) {
  console.log(`\n== ${name}`);
  const output = join(resultsDir, `${name}.json`);
  rmSync(output, { force: true });
  const { ok, seconds } = run(bin('jest'), ['-c', config, '--json', `--outputFile=${output}`, ...extraArgs]);
  let passed = 0;
  let failed = 0;
  let failedSuites = 0;
  if (existsSync(output)) {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    // A suite that fails to load has no failed test but must still fail the run.
    failedSuites = report.numRuntimeErrorTestSuites ?? 0;
  }
  if (!ok && failed === 0) failed = Math.max(1, failedSuites);
  totals.passed += passed;
  totals.failed += failed;
  stages.push(`${name}: ${passed} passed, ${failed} failed (${seconds}s)`);
}

const only = process.argv.slice(2);
const wants = (stage) => only.length === 0 || only.includes(stage);

if (wants('lint')) {
  // @nx/enforce-module-boundaries silently skips itself when Nx has no cached project graph
  // (a fresh clone): compute the graph first.
  run(bin('nx'), ['show', 'projects']);
  check('lint', bin('eslint'), ['--max-warnings=0', '.']);
}
if (wants('typecheck')) {
  check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  // The console's pages compile against the DOM, which the Node code must not see.
  check('typecheck console', bin('tsc'), ['-p', 'apps/console/tsconfig.json', '--noEmit']);
}
if (wants('unit')) jestStage('unit', 'jest.unit.config.ts');

// Every platform's agent executable (tools/agent-build), before the tests that package and run
// them: built once, then found up to date while the agent's bundle and the pinned Node binaries
// stay the same.
if (wants('agent-executables') || wants('integration') || wants('e2e')) {
  check('agent executables', process.execPath, ['tools/agent-build/build-agent.mjs']);
}

const needsStack = wants('integration') || (wants('e2e') && hasFiles(join(root, 'e2e'), '.e2e-spec.ts'));
let startedStack = false;
if (needsStack) {
  const status = spawnSync(process.execPath, ['tools/stack/stack.mjs', 'status'], { cwd: root, env, stdio: 'ignore' });
  if (status.status !== 0) {
    console.log('\n== local stack is not running: starting it');
    startedStack = true;
    const up = run(process.execPath, ['tools/stack/stack.mjs', 'up']);
    if (!up.ok) {
      totals.failed += 1;
      stages.push('stack: FAILED to start');
    }
  }
  if (wants('integration')) jestStage('integration', 'jest.int.config.ts', ['--runInBand']);
  if (wants('e2e') && hasFiles(join(root, 'e2e'), '.e2e-spec.ts')) jestStage('e2e', 'jest.e2e.config.ts', ['--runInBand']);
  if (startedStack) run(process.execPath, ['tools/stack/stack.mjs', 'down']);
}

console.log('\n== summary');
for (const line of stages) console.log(`  ${line}`);
const summary = `${totals.passed} passed, ${totals.failed} failed`;
writeFileSync(join(resultsDir, 'summary.txt'), `${stages.join('\n')}\n${summary}\n`);
console.log(summary);
process.exit(totals.failed === 0 ? 0 : 1);
