// Starts a program from its built bundle in dist/, building it first only when one of its sources
// is newer than the bundle (or the bundle is missing). A checkout without sources (an installed
// copy) runs the bundle as it is. Used by the `sdp` and `sdp-agent` bin entries.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.tsx?$/;

/** The newest modification time of the files below `dir` that can change the bundle. */
function newestSource(dir, newest = 0) {
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (!TEST_FILE.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * @param {{ project: string, bundle: string, sources: string[] }} program nx project name, bundle
 *   path and source folders, all relative to the repository's root.
 */
export async function runBuilt({ project, bundle, sources }) {
  const bundlePath = join(root, bundle);
  const sourceFolders = sources.map((folder) => join(root, folder));
  const hasSources = sourceFolders.some((folder) => existsSync(folder)) && existsSync(join(root, 'node_modules', '.bin', 'nx'));
  if (hasSources) {
    const builtAt = existsSync(bundlePath) ? statSync(bundlePath).mtimeMs : 0;
    const changedAt = Math.max(...sourceFolders.map((folder) => newestSource(folder)), statSync(join(root, 'package-lock.json')).mtimeMs);
    if (changedAt > builtAt) {
      process.stderr.write(`building ${project} (its sources changed since the last build)…\n`);
      const build = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['run', `${project}:build`, '--output-style=static'], {
        cwd: root,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        encoding: 'utf8',
      });
      if (build.status !== 0) {
        process.stderr.write(`${build.stdout}${build.stderr}\nbuilding ${project} failed\n`);
        process.exit(1);
      }
    }
  } else if (!existsSync(bundlePath)) {
    process.stderr.write(`${bundle} is missing and there are no sources to build it from\n`);
    process.exit(1);
  }
  await import(pathToFileURL(bundlePath).href);
}
