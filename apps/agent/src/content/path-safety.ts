import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * A manifest path the agent may write: relative, `/`-separated, NFC, without empty, `.` or `..`
 * segments, backslashes, drive letters, NUL or control characters — the catalog's own rule,
 * checked again because the manifest came over the network.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 4096 || path !== path.normalize('NFC')) {
    return false;
  }
  if (/[\u0000-\u001f\u007f\\:]/.test(path) || path.startsWith('/')) {
    return false;
  }
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** `root` joined with a safe manifest path, proven to stay inside `root`. */
export function resolveInside(root: string, path: string): string {
  if (!isSafeRelativePath(path)) {
    throw new UnsafePathError(path);
  }
  const target = join(root, ...path.split('/'));
  const fromRoot = relative(resolve(root), resolve(target));
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
    throw new UnsafePathError(path);
  }
  return target;
}

/** A program's working directory relative to its package folder ('' = the folder itself). */
export function resolveWorkingDirectory(root: string, workingDirectory: string): string {
  const normalised = workingDirectory.replace(/\\/g, '/').replace(/\/+$/, '');
  return normalised === '' || normalised === '.' ? root : resolveInside(root, normalised);
}

export class UnsafePathError extends Error {
  constructor(readonly path: string) {
    super(`unsafe path in manifest: ${JSON.stringify(path)}`);
  }
}
