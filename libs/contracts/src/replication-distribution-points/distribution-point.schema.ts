import { z } from 'zod';
import {
  cidrSchema,
  distributionPointNameSchema,
  optionalTextSchema,
  siteCodeSchema,
  timestampSchema,
} from '../common/fields';

// The pattern repeats the protocol rule for JSON Schema readers; zod checks it through `protocol`.
const httpUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .meta({ pattern: '^https?://' });

/**
 * The full current state of a distribution point. Its credentials (access key and secret) are
 * deliberately absent: they never leave content-replication, and the strict object rejects them.
 */
export const distributionPointSchema = z.strictObject({
  name: distributionPointNameSchema,
  description: optionalTextSchema,
  endpoint: httpUrlSchema.describe('S3 endpoint content-replication writes to'),
  publicEndpoint: httpUrlSchema.describe('S3 endpoint clients download from'),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
    .describe('S3 bucket on the endpoint'),
  region: z.string().min(1).max(64),
  siteCode: siteCodeSchema,
  boundaries: z.array(cidrSchema).describe('Networks whose clients are near this distribution point (fast network)'),
  protected: z
    .boolean()
    .describe('Clients inside its boundaries use it first and leave it only when fallback is allowed'),
  enabled: z.boolean(),
  maxConcurrentTransfers: z.int().min(1).max(1024),
  rateLimitBytesPerSec: z.int().min(1).nullable().describe('null = unlimited'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type DistributionPointData = z.infer<typeof distributionPointSchema>;

export const distributionPointDeletedSchema = z.strictObject({
  name: distributionPointNameSchema,
});

export type DistributionPointDeletedData = z.infer<typeof distributionPointDeletedSchema>;
