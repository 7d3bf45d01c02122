import { z } from 'zod';

/**
 * The part of the catalog's version manifest replication relies on. The catalog writes more
 * (digest, totals, ...); the DP receives the document unchanged, so extra fields are kept.
 */
const manifestSchema = z.looseObject({
  packageId: z.string(),
  version: z.int().min(1),
  files: z.array(
    z.looseObject({
      path: z.string().min(1),
      size: z.int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type VersionManifest = z.infer<typeof manifestSchema>;

export interface ManifestObject {
  sha256: string;
  size: number;
  /** How many files of the manifest have these bytes. */
  fileCount: number;
}

export function parseManifest(value: unknown, packageId: string, version: number): VersionManifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`manifest of ${packageId} version ${version} is malformed: ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (result.data.packageId !== packageId || result.data.version !== version) {
    throw new Error(`manifest claims ${result.data.packageId} version ${result.data.version}, expected ${packageId} version ${version}`);
  }
  return result.data;
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
