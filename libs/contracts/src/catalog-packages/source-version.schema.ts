import { z } from 'zod';
import { countSchema, packageIdSchema, sha256Schema, sourceVersionSchema, timestampSchema } from '../common/fields';

/** Where the catalog keeps the manifest of a version in its source store. */
export function manifestLocation(packageId: string, version: number): string {
  return `manifests/${packageId}/${version}.json`;
}

/** A new immutable source version; its manifest lists every file with its sha256. */
export const sourceVersionPublishedSchema = z
  .strictObject({
    packageId: packageIdSchema,
    version: sourceVersionSchema,
    manifestDigest: sha256Schema.describe('sha256 of the manifest document'),
    fileCount: countSchema,
    sizeBytes: countSchema,
    manifestLocation: z
      .string()
      .regex(/^manifests\/[A-Z0-9]{3}[0-9A-F]{5}\/[1-9][0-9]*\.json$/)
      .describe('Object key of the manifest in the source store: manifests/<packageId>/<version>.json'),
    publishedAt: timestampSchema,
  })
  .refine((data) => data.manifestLocation === manifestLocation(data.packageId, data.version), {
    message: 'manifestLocation must be manifests/<packageId>/<version>.json of this package and version',
    path: ['manifestLocation'],
  });

export type SourceVersionPublishedData = z.infer<typeof sourceVersionPublishedSchema>;
