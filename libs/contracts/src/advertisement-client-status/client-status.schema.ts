import { z } from 'zod';
import { advertisementIdSchema, clientIdSchema, exitCodeSchema, timestampSchema } from '../common/fields';

export const CLIENT_STATUS_STATES = [
  'ACCEPTED',
  'REJECTED',
  'EXPIRED',
  'WILL_NOT_RERUN',
  'WAITING',
  'DOWNLOAD_IN_PROGRESS',
  'DOWNLOAD_COMPLETE',
  'RUNNING',
  'RETRYING',
  'REBOOT_PENDING',
  'SUCCEEDED',
  'FAILED',
  'CANCELED',
] as const;

export const clientStatusStateSchema = z.enum(CLIENT_STATUS_STATES);

export type ClientStatusState = z.infer<typeof clientStatusStateSchema>;

/** Status message IDs of the original product, where it had one. */
export const CLIENT_STATUS_MESSAGE_IDS = {
  received: 10002,
  started: 10005,
  failed: 10006,
  succeeded: 10009,
  cacheTooSmall: 10050,
  contentHashMismatch: 10075,
} as const;

/** One status report of a client for an advertisement, as the advertisement service accepted it. */
export const clientStatusReportedSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  clientId: clientIdSchema,
  state: clientStatusStateSchema,
  messageId: z.int().min(0).nullable().describe('Status message ID, e.g. 10009 succeeded; null when none applies'),
  exitCode: exitCodeSchema.nullable().describe('Exit code of the program, when it ran'),
  detail: z.string().max(4096).nullable(),
  at: timestampSchema.describe('When the client observed the state'),
  seq: z
    .int()
    .min(0)
    .describe('Per-client sequence number of the report: a report with a lower seq than one already applied changes nothing'),
});

export type ClientStatusReportedData = z.infer<typeof clientStatusReportedSchema>;
