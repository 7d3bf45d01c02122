import { advertisementIdSchema, clientStatusStateSchema, exitCodeSchema, PROGRAM_OUTPUT_MAX_CHARS, sourceVersionSchema, timestampSchema } from '@sdp/contracts';
import { FieldProblem, unsafeTextProblem } from '@sdp/service';
import { z } from 'zod';

/**
 * The output's shape; its length and characters are domain rules checked after the shape
 * (outputProblems), so that a too-long or unescaped output is a 422 naming the field.
 */
const reportedOutputSchema = z.strictObject({ stdout: z.string(), stderr: z.string(), truncated: z.boolean() });

/** One report as a client sends it; the client ID comes from the path (and its token). */
export const statusReportSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  state: clientStatusStateSchema,
  messageId: z.int().min(0).max(2147483647).nullable().optional(),
  exitCode: exitCodeSchema.nullable().optional(),
  detail: z.string().max(4096).nullable().optional(),
  at: timestampSchema,
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  output: reportedOutputSchema.nullable().optional(),
  packageVersion: sourceVersionSchema.max(2147483647).nullable().optional(),
});

export type StatusReport = z.infer<typeof statusReportSchema>;

export const statusBodySchema = z.union([statusReportSchema, z.array(statusReportSchema).min(1)]);

/**
 * What is wrong with the program output of the reports, by field (`0.output.stderr` in a batch,
 * `output.stderr` for a single report): longer than PROGRAM_OUTPUT_MAX_CHARS, or holding control
 * characters the agent escapes. The agent never sends either.
 */
export function outputProblems(reports: readonly StatusReport[], batch: boolean): FieldProblem[] {
  return reports.flatMap((report, index) =>
    (['stdout', 'stderr'] as const).flatMap((stream) => {
      const text = report.output?.[stream];
      if (text === undefined) return [];
      const field = `${batch ? `${index}.` : ''}output.${stream}`;
      const problems = [
        ...(text.length > PROGRAM_OUTPUT_MAX_CHARS ? [`must be at most ${PROGRAM_OUTPUT_MAX_CHARS} characters (got ${text.length})`] : []),
        ...[unsafeTextProblem(text, { multiline: true })].filter((problem) => problem !== undefined),
      ];
      return problems.length === 0 ? [] : [{ field, problems }];
    }),
  );
}
