import { createHash } from 'node:crypto';
import { HashMismatchError } from './content-errors';
import { isSafeRelativePath } from './path-safety';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  mode: number | null;
}

export interface PackageManifest {
  packageId: string;
  version: number;
  files: ManifestFile[];
}

/**
 * Parses and checks the manifest a DP served: its digest when the policy gave one, its package
 * and version, and every path, hash and size, before any byte is written from it.
 */
export function parseDpManifest(bytes: Buffer, expected: { packageId: string; version: number; digest: string | null }, source: string): PackageManifest {
  if (expected.digest) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected.digest) {
      throw new HashMismatchError(`manifest from ${source}`, expected.digest, actual);
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error(`manifest from ${source} is not JSON`);
  }
  const { packageId, version, files } = (document ?? {}) as Record<string, unknown>;
  if (packageId !== expected.packageId || version !== expected.version) {
    throw new Error(`manifest from ${source} is for ${String(packageId)} version ${String(version)}, expected ${expected.packageId} version ${expected.version}`);
  }
  if (!Array.isArray(files)) {
    throw new Error(`manifest from ${source} has no file list`);
  }
  return { packageId, version, files: files.map((file) => checkedFile(file, source)) };
}

function checkedFile(value: unknown, source: string): ManifestFile {
  const { path, size, sha256, mode } = (value ?? {}) as Record<string, unknown>;
  if (typeof path !== 'string' || !isSafeRelativePath(path)) {
    throw new Error(`manifest from ${source} names an unsafe path ${JSON.stringify(path)}`);
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256) || !Number.isSafeInteger(size) || (size as number) < 0) {
    throw new Error(`manifest from ${source} has a bad entry for ${path}`);
  }
  return { path, size: size as number, sha256, mode: typeof mode === 'number' && Number.isInteger(mode) ? mode : null };
}

/** Each distinct content once, with its size. */
export function distinctObjects(manifest: PackageManifest): Map<string, number> {
  const objects = new Map<string, number>();
  for (const file of manifest.files) objects.set(file.sha256, file.size);
  return objects;
}
