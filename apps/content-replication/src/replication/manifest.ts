import { z } from 'zod';

/**
 * The part of the catalog's version manifest replication relies on. The catalog writes more
 * (digest, totals, ...); the DP receives the document unchanged, so extra fields are kept.
 */
const envelopeSchema = z.looseObject({
  packageId: z.string(),
  version: z.int().min(1),
  files: z.array(z.unknown()),
});

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  [field: string]: unknown;
}

export type VersionManifest = Omit<z.infer<typeof envelopeSchema>, 'files'> & { files: ManifestFile[] };

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ManifestObject {
  sha256: string;
  size: number;
  /** How many files of the manifest have these bytes. */
  fileCount: number;
}

/**
 * Checks a manifest (the catalog's, or one read back from a DP) and returns it as it is. Every
 * file is checked as before, by a plain loop rather than a schema per file: a version has
 * thousands of files, and the schema cost 6–25 ms of CPU per 2,000-file manifest (measured on a
 * loaded machine), paid on an install's path for the source manifest and each DP's trusted one.
 */
export function parseManifest(value: unknown, packageId: string, version: number): VersionManifest {
  const malformed = (problem: string): Error => new Error(`manifest of ${packageId} version ${version} is malformed: ${problem}`);
  const result = envelopeSchema.safeParse(value);
  if (!result.success) throw malformed(result.error.issues[0]?.message ?? 'invalid');
  result.data.files.forEach((file, index) => {
    const problem = fileProblem(file, index);
    if (problem !== undefined) throw malformed(problem);
  });
  if (result.data.packageId !== packageId || result.data.version !== version) {
    throw new Error(`manifest claims ${result.data.packageId} version ${result.data.version}, expected ${packageId} version ${version}`);
  }
  return result.data as VersionManifest;
}

/** What is wrong with one entry of `files`, or undefined when it is a file replication can use. */
function fileProblem(file: unknown, index: number): string | undefined {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return `files[${index}] is not an object`;
  const { path, size, sha256 } = file as Record<string, unknown>;
  if (typeof path !== 'string' || path.length === 0) return `files[${index}].path must be a non-empty string`;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return `files[${index}].size must be an integer >= 0`;
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return `files[${index}].sha256 must be 64 lowercase hex digits`;
  return undefined;
}

/** Each distinct content once: files with equal bytes share one `cas/` object. */
export function manifestObjects(manifest: VersionManifest): ManifestObject[] {
  const objects = new Map<string, ManifestObject>();
  for (const file of manifest.files) {
    const known = objects.get(file.sha256);
    if (known) known.fileCount += 1;
    else objects.set(file.sha256, { sha256: file.sha256, size: file.size, fileCount: 1 });
  }
  return [...objects.values()];
}

/** Where a DP keeps the manifest of a version it holds: written last, the commit mark. */
export function dpManifestKey(packageId: string, version: number): string {
  return `packages/${packageId}/${version}/manifest.json`;
}
