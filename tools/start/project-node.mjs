// The repository's scripts run on the Node.js major of the images, the one package.json's
// `engines.node` names. `npm ci` installs that Node as node_modules/.bin/node (the platform's
// `node-<os>-<cpu>` package in optionalDependencies) and npm scripts find it first on the PATH; a
// script started on another Node — the system's, on a fresh clone before `npm ci` or without npm —
// runs itself again on that binary, or stops saying what to do.
//
// Only Node's own modules: on a fresh clone nothing else is installed yet.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const binDir = join(root, 'node_modules', '.bin');
const projectNode = join(binDir, 'node');

/**
 * Runs `npm ci` when node_modules is missing or older than package-lock.json (a fresh clone, a
 * pulled lock change), on whatever Node runs now: the first thing `npm start` and `npm test` do.
 */
export function ensureDependencies(script) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs) return;
  console.log('\n> installing dependencies (npm ci)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${script}: installing dependencies (npm ci) failed`);
    process.exit(1);
  }
}

/** The major in `engines.node` (">=24 <25" → 24). */
function requiredMajor() {
  const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Number(engines.node.match(/\d+/)[0]);
}

/**
 * `npm ci` skips an optional package whose download fails, and says nothing: on a slow network the
 * ~30 MB Node.js package is the one that times out. Installs the platform's package again, alone
 * (`--no-save`: package.json and package-lock.json stay as they are); does nothing where
 * optionalDependencies name no build for this platform.
 */
function installPlatformNode(script) {
  const { optionalDependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const name = `node-${process.platform}-${process.arch}`;
  const version = optionalDependencies[name];
  if (!version) return;
  console.log(`\n> ${script}: node_modules/.bin/node is missing (npm ci skipped ${name}, an optional package): installing it`);
  spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `${name}@${version}`], { cwd: root, stdio: 'inherit' });
}

/**
 * Returns when this process runs on the required major. Otherwise runs this script again, with the
 * same arguments, on node_modules/.bin/node and exits as it does; or, without that binary, exits 1
 * telling what to install. `script` names the command in the messages (`npm start`).
 */
export async function ensureProjectNode(script) {
  const major = requiredMajor();
  if (process.versions.node.split('.')[0] === String(major)) return;
  if (process.platform !== 'win32' && !existsSync(projectNode) && existsSync(binDir)) installPlatformNode(script);
  // On Windows .bin/node is a shell shim that spawn cannot run (npm scripts find node.cmd instead).
  const installed = process.platform !== 'win32' && existsSync(projectNode);
  if (!installed || realpathSync(projectNode) === process.execPath) {
    const why = installed
      ? `node_modules/.bin/node is this Node.js too: \`npm ci\` installs the one package-lock.json names.`
      : existsSync(binDir)
        ? `\`npm ci\` installs it as node_modules/.bin/node only where package.json's optionalDependencies have a build for the platform (this is ${process.platform}-${process.arch}).`
        : 'Run `npm ci` first: it installs it as node_modules/.bin/node.';
    console.error(
      [
        `${script} needs Node.js ${major} (package.json "engines"), not Node.js ${process.version} (${process.execPath}).`,
        why,
        `Otherwise install Node.js ${major} (https://nodejs.org/, \`nvm install ${major}\`), put it first on the PATH and run ${script} again.`,
      ].join('\n'),
    );
    process.exit(1);
  }
  // stderr: what the script prints on stdout stays the same.
  console.error(`${script}: continuing on Node.js ${major} from node_modules/.bin/node (this was Node.js ${process.version})`);
  // node_modules/.bin first on the PATH, as under npm: the tools started by name (nx, jest, tsc)
  // and their `node` children run on the same binary.
  const child = spawn(projectNode, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
  });
  // Every signal that would end this process goes on to the child, so the services it started
  // never outlive it; a child ended by a signal ends this process by the same signal (Ctrl-C is
  // not reported as a plain failure).
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  for (const signal of forwarded) process.on(signal, () => child.kill(signal));
  const [code, signal] = await once(child, 'exit');
  if (signal) {
    for (const forwardedSignal of forwarded) process.removeAllListeners(forwardedSignal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
}
