import { z } from 'zod';
import {
  distributionPointGroupNameSchema,
  distributionPointNameSchema,
  optionalTextSchema,
  timestampSchema,
} from '../common/fields';

/** The full current state of a distribution point group. */
export const distributionPointGroupSchema = z.strictObject({
  name: distributionPointGroupNameSchema,
  description: optionalTextSchema,
  members: z
    .array(distributionPointNameSchema)
    .refine((members) => new Set(members).size === members.length, 'members must not repeat')
    .describe('Names of the member distribution points'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type DistributionPointGroupData = z.infer<typeof distributionPointGroupSchema>;

export const distributionPointGroupDeletedSchema = z.strictObject({
  name: distributionPointGroupNameSchema,
});

export type DistributionPointGroupDeletedData = z.infer<typeof distributionPointGroupDeletedSchema>;
