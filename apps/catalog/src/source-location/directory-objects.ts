import { constants } from 'node:fs';
import { lstat, open, opendir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DomainError, ruleViolation } from '@sdp/service';
import type { SourceObject } from '../source/object-importer';
import { sourceDirectoryUnusable } from './source-location.errors';

/**
 * The regular files under `directory` (links, devices and fifos are skipped, so nothing outside
 * it is ever read). The directory itself must resolve, links included, to a place under `root`.
 */
export async function* directoryObjects(root: string, directory: string): AsyncGenerator<SourceObject> {
  const base = await realDirectory(root, directory);
  yield* walk(base, base);
}

async function realDirectory(root: string, directory: string): Promise<string> {
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(realRoot, directory));
  } catch {
    throw unusable(`the source directory ${directory} does not exist under the source root`);
  }
  const inside = relative(realRoot, real);
  if (inside.startsWith('..') || inside.startsWith(sep)) {
    throw unusable(`the source directory ${directory} leads outside the source root`);
  }
  if (!(await lstat(real)).isDirectory()) throw unusable(`the source location ${directory} is not a directory`);
  return real;
}

/** Answered like a refused archive: a rule violation of the archive as a whole. */
function unusable(why: string): DomainError {
  return ruleViolation('archive', why, sourceDirectoryUnusable);
}

async function* walk(base: string, directory: string): AsyncGenerator<SourceObject> {
  for await (const entry of await opendir(directory)) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      yield* walk(base, path);
    } else if (entry.isFile()) {
      const stats = await lstat(path);
      yield {
        name: relative(base, path).split(sep).join('/'),
        size: stats.size,
        mode: stats.mode & 0o777,
        // O_NOFOLLOW: a file swapped for a link after the walk saw it is not followed.
        open: async () => (await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)).createReadStream(),
      };
    }
  }
}
