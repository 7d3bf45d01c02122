import { meteringRuleIdSchema, timestampSchema } from '@sdp/contracts';
import { z } from 'zod';

/** How far ahead of the service's clock a client's timestamps may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * One program run as a client reports it: the client's own ID for it (a resent record counts
 * once), the rule it matched, the user who ran it, when it started and when it ended (null while
 * it still runs; the same record sent again with its end closes it). The computer is the client
 * whose token sends it.
 */
export const usageRecordSchema = z.strictObject({
  id: z.uuid(),
  ruleId: meteringRuleIdSchema,
  user: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
  startedAt: timestampSchema,
  endedAt: timestampSchema.nullable(),
});

export type UsageRecord = z.infer<typeof usageRecordSchema>;

export const usageBatchSchema = z.strictObject({ records: z.array(usageRecordSchema).min(1) });

/** Where a well-formed record breaks a rule of time (ended before it started, in the future), or undefined. */
export function usageRecordTimeProblem(record: UsageRecord, now: Date): { field: string; why: string } | undefined {
  const startedAt = Date.parse(record.startedAt);
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  if (startedAt > latest) {
    return { field: 'startedAt', why: 'must not be in the future' };
  }
  if (record.endedAt !== null) {
    const endedAt = Date.parse(record.endedAt);
    if (endedAt < startedAt) {
      return { field: 'endedAt', why: 'must not be before startedAt' };
    }
    if (endedAt > latest) {
      return { field: 'endedAt', why: 'must not be in the future' };
    }
  }
  return undefined;
}
