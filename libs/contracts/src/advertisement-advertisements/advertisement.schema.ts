import { z } from 'zod';
import {
  advertisementIdSchema,
  collectionIdSchema,
  packageIdSchema,
  prioritySchema,
  programNameSchema,
  requiredTextSchema,
  timestampSchema,
} from '../common/fields';

export const MAX_MANDATORY_ASSIGNMENTS = 15;

const isoDurationSchema = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    'must be an ISO-8601 duration such as P1D or PT4H',
  );

/** When a mandatory assignment makes the program run. */
export const mandatoryAssignmentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('asap') }),
  z.strictObject({ type: z.literal('at'), at: timestampSchema }),
  z.strictObject({
    type: z.literal('recurring'),
    at: timestampSchema.describe('First run'),
    every: isoDurationSchema.describe('ISO-8601 duration between runs'),
  }),
  z.strictObject({ type: z.literal('logon') }),
  z.strictObject({ type: z.literal('logoff') }),
]);

export type MandatoryAssignmentData = z.infer<typeof mandatoryAssignmentSchema>;

/** The full current state of an advertisement. */
export const advertisementSchema = z
  .strictObject({
    id: advertisementIdSchema,
    name: requiredTextSchema,
    comment: z.string().max(1024),
    packageId: packageIdSchema,
    program: programNameSchema,
    collectionId: collectionIdSchema,
    includeSubcollections: z.boolean(),
    availableAt: timestampSchema.describe('Clients are offered the program from this moment'),
    expiresAt: timestampSchema.nullable().describe('Clients stop being offered the program at this moment; null = never'),
    mandatory: z
      .array(mandatoryAssignmentSchema)
      .max(MAX_MANDATORY_ASSIGNMENTS)
      .describe('When the program must run; empty = optional, the user may run it'),
    rerun: z.enum(['never', 'always', 'if-failed', 'if-succeeded']),
    fastNetwork: z.enum(['download', 'run-from-dp']).describe('What a client on a fast network does'),
    slowNetwork: z.enum(['do-not-run', 'download', 'run-from-dp']).describe('What a client on a slow network does'),
    allowFallbackToUnprotected: z.boolean(),
    ignoreMaintenanceWindows: z.boolean(),
    allowRestartOutsideWindows: z.boolean(),
    allowUserToRunIndependently: z.boolean(),
    priority: prioritySchema,
    enabled: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((data) => data.expiresAt === null || Date.parse(data.expiresAt) > Date.parse(data.availableAt), {
    message: 'expiresAt must be after availableAt',
    path: ['expiresAt'],
  });

export type AdvertisementData = z.infer<typeof advertisementSchema>;

export const advertisementDeletedSchema = z.strictObject({
  id: advertisementIdSchema,
});

export type AdvertisementDeletedData = z.infer<typeof advertisementDeletedSchema>;
