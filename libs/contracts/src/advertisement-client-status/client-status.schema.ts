import { z } from 'zod';
import { advertisementIdSchema, clientIdSchema, exitCodeSchema, sourceVersionSchema, timestampSchema } from '../common/fields';

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

/**
 * The most characters of one stream of a program's output (stdout or stderr) a report may carry.
 * The agent keeps less (SDP_AGENT_OUTPUT_TAIL_BYTES, default 4096, at most this many).
 */
export const PROGRAM_OUTPUT_MAX_CHARS = 16384;

/**
 * The last part of what a program wrote, as the agent captured it: cut on a character boundary,
 * CRLF as LF, every control character but line feed and tab escaped as `\u{XXXX}` and every byte
 * that is not UTF-8 as `\xNN`, so it prints as it is.
 */
export const programOutputSchema = z.strictObject({
  stdout: z.string().max(PROGRAM_OUTPUT_MAX_CHARS).describe('Last part of the standard output'),
  stderr: z.string().max(PROGRAM_OUTPUT_MAX_CHARS).describe('Last part of the standard error'),
  truncated: z.boolean().describe('The program wrote more than either tail holds'),
});

export type ProgramOutput = z.infer<typeof programOutputSchema>;

/** One status report of a client for an advertisement, as the advertisement service accepted it. */
export const clientStatusReportedSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  clientId: clientIdSchema,
  state: clientStatusStateSchema,
  messageId: z.int().min(0).nullable().describe('Status message ID, e.g. 10009 succeeded (see the status message table); null when none applies'),
  exitCode: exitCodeSchema.nullable().describe('Exit code of the program, when it ran'),
  detail: z.string().max(4096).nullable(),
  at: timestampSchema.describe('When the client observed the state'),
  seq: z
    .int()
    .min(0)
    .describe('Per-client sequence number of the report: a report with a lower seq than one already applied changes nothing'),
  output: programOutputSchema
    .nullable()
    .optional()
    .describe('The tails of the program output with a final, failed or retrying report of a run; null or absent otherwise'),
  packageVersion: sourceVersionSchema
    .nullable()
    .optional()
    .describe('The package source version the run used; null or absent when not known (e.g. before a run)'),
});

export type ClientStatusReportedData = z.infer<typeof clientStatusReportedSchema>;
