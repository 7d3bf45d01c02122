import { z } from 'zod';
import { platformSchema } from '../catalog-packages/program.schema';
import { countSchema, requiredTextSchema, SITE_OBJECT_ID_PATTERN, timestampSchema } from '../common/fields';
import { installedNamePatternProblem } from './installed-name-pattern';
import { fileVersionPatternProblem } from './version-pattern';

export const meteringRuleIdSchema = z
  .string()
  .regex(SITE_OBJECT_ID_PATTERN, 'ID must be a site code followed by five upper-case hex digits, e.g. S0100001')
  .describe('Metering rule ID: site code plus five upper-case hex digits, e.g. S0100001');

/** An executable's file name as the system reports it (no path), e.g. `WINWORD.EXE` or `code`. */
export const executableNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\\/\u0000-\u001f]+$/, 'must be a file name without a path or control characters');

export const fileVersionPatternSchema = z
  .string()
  .superRefine((pattern, context) => {
    const problem = fileVersionPatternProblem(pattern);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
    }
  })
  .describe('File version with wildcards: * any run of characters, ? one character (16.*; * for any version)');

export const installedNamePatternSchema = z
  .string()
  .superRefine((pattern, context) => {
    const problem = installedNamePatternProblem(pattern);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
    }
  })
  .describe('Installed software name with wildcards, without regard to case: * any run of characters, ? one character (Contoso Word*)');

/** A language tag (`en-US`) or Windows language ID (`1033`); null: any language. */
export const meteringLanguageSchema = z.string().regex(/^[A-Za-z0-9-]{1,35}$/, 'must be a language tag such as en-US or a language ID such as 1033');

/**
 * What to meter: the executables it names (by file name and/or the original file name of their
 * version resource, at least one), their version and language, the platforms it applies to, and
 * the licences owned that usage is set against, and the name of the product among the software
 * computers have installed (to find computers that have it but do not use it).
 */
export const meteringRuleSchema = z.strictObject({
  id: meteringRuleIdSchema,
  productName: requiredTextSchema,
  fileName: executableNameSchema.nullable().describe('Executable file name, compared without regard to case; null: any'),
  originalFileName: executableNameSchema.nullable().describe('Original file name of the version resource (Windows), without regard to case; null: any'),
  fileVersion: fileVersionPatternSchema,
  language: meteringLanguageSchema.nullable().describe('null: any language'),
  installedSoftwareName: installedNamePatternSchema
    .nullable()
    .describe('Which installed software (as the agents inventory it) is this product, a name pattern; null: the product name, without regard to case'),
  platforms: z.union([z.literal('any'), z.array(platformSchema).min(1)]).describe('any, or the platforms whose clients meter it'),
  site: z.string().max(255).nullable().describe('Free text: the site the rule is meant for; null: every site'),
  licencesOwned: countSchema.describe('Licences owned, the line the peak of concurrent users is set against'),
  enabled: z.boolean().describe('A disabled rule is sent to no client; what was recorded stays'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type MeteringRuleData = z.infer<typeof meteringRuleSchema>;

export const meteringRuleDeletedSchema = z.strictObject({ id: meteringRuleIdSchema });

export type MeteringRuleDeletedData = z.infer<typeof meteringRuleDeletedSchema>;
