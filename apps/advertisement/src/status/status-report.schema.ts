import { advertisementIdSchema, clientStatusStateSchema, exitCodeSchema, timestampSchema } from '@sdp/contracts';
import { z } from 'zod';

/** One report as a client sends it; the client ID comes from the path (and its token). */
export const statusReportSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  state: clientStatusStateSchema,
  messageId: z.int().min(0).max(2147483647).nullable().optional(),
  exitCode: exitCodeSchema.nullable().optional(),
  detail: z.string().max(4096).nullable().optional(),
  at: timestampSchema,
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export type StatusReport = z.infer<typeof statusReportSchema>;

export const statusBodySchema = z.union([statusReportSchema, z.array(statusReportSchema).min(1)]);
