import { z } from 'zod';
import {
  advertisementIdSchema,
  clientIdSchema,
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

/** Bounds of an advertisement's retry settings (the API answers 422 naming the field outside them). */
export const RETRY_LIMITS = {
  maxAttempts: { min: 1, max: 20 },
  backoffSeconds: { min: 1, max: 86_400 },
} as const;

/** Each wait between attempts is drawn uniformly within ±25 % of its nominal value, so a fleet that failed together does not retry together. */
export const RETRY_JITTER = 0.25;

/** The defaults: 3 attempts, 60 s before the second, doubling, at most 1 h between attempts. */
export const DEFAULT_RETRY_SETTINGS = { maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 } as const;

/**
 * How the client retries a failed attempt (an exit code in the program's retryExitCodes, or
 * content it could not download): at most maxAttempts attempts in all; the wait before attempt
 * n+1 is initialBackoffSeconds doubled n-1 times, capped at maxBackoffSeconds, then jittered by
 * ±25 %. The last failed attempt is final (FAILED).
 */
export const retrySettingsSchema = z
  .strictObject({
    maxAttempts: z.number().int().min(RETRY_LIMITS.maxAttempts.min).max(RETRY_LIMITS.maxAttempts.max).describe('Attempts in all; 1 = no retry'),
    initialBackoffSeconds: z.number().int().min(RETRY_LIMITS.backoffSeconds.min).max(RETRY_LIMITS.backoffSeconds.max),
    maxBackoffSeconds: z.number().int().min(RETRY_LIMITS.backoffSeconds.min).max(RETRY_LIMITS.backoffSeconds.max),
  })
  .refine((data) => data.maxBackoffSeconds >= data.initialBackoffSeconds, {
    message: 'maxBackoffSeconds must not be below initialBackoffSeconds',
    path: ['maxBackoffSeconds'],
  });

export type RetrySettingsData = z.infer<typeof retrySettingsSchema>;

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
    retry: retrySettingsSchema.describe('How clients retry a failed attempt'),
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

/** An administrator asked the advertisement's failed clients (all, or one) to run it again. */
export const advertisementRetryRequestedSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  scope: z.enum(['advertisement', 'phase', 'client']).describe("Every failed client of the advertisement, those of one phase of its rollout, or the one named"),
  clientId: clientIdSchema.nullable().describe('The client asked for (scope client); null otherwise'),
  phase: z.number().int().min(1).nullable().describe('The rollout phase asked for (scope phase, 1-based); null otherwise'),
  clientCount: z.number().int().min(0).describe('Failed clients whose policy now asks them to run it again'),
  requestedAt: timestampSchema,
  rerun: z
    .boolean()
    .optional()
    .describe('An administrator\'s rerun for one client (scope client): it runs the advertisement again whatever its last outcome and rerun rule; absent or false: only failed clients'),
});

export type AdvertisementRetryRequestedData = z.infer<typeof advertisementRetryRequestedSchema>;
