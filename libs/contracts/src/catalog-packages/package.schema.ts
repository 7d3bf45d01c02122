import { z } from 'zod';
import {
  countSchema,
  optionalTextSchema,
  packageIdSchema,
  prioritySchema,
  requiredTextSchema,
  sha256Schema,
  timestampSchema,
} from '../common/fields';

/** The full current state of a package, so a consumer can keep its own copy from events alone. */
export const packageSchema = z.strictObject({
  id: packageIdSchema,
  name: requiredTextSchema,
  version: optionalTextSchema,
  manufacturer: optionalTextSchema,
  language: optionalTextSchema,
  description: optionalTextSchema,
  priority: prioritySchema.describe('Order in which replication serves packages'),
  persistInCache: z.boolean().describe('The client never evicts this package from its cache'),
  hasSource: z.boolean().describe('false for a command-only package that needs no distribution point'),
  sourceVersion: countSchema.describe('0 until the first source is published, then 1, 2, ...'),
  manifestDigest: sha256Schema.nullable().describe('sha256 of the current version manifest; null before the first publish'),
  sourceDate: timestampSchema.nullable().describe('When the current version was published; null before the first publish'),
  sizeBytes: countSchema.describe('Total size of the current version'),
  fileCount: countSchema.describe('Number of files of the current version'),
  sourceLocation: z
    .string()
    .min(1)
    .max(1024)
    .nullable()
    .describe('S3 prefix or mounted directory the catalog re-imports the source from; null when uploaded'),
  sourceRefreshMinutes: z.int().min(1).nullable().describe('Re-import schedule of sourceLocation; null = on request only'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type PackageData = z.infer<typeof packageSchema>;

export const packageDeletedSchema = z.strictObject({
  id: packageIdSchema,
});

export type PackageDeletedData = z.infer<typeof packageDeletedSchema>;
