import { MeteringRuleData, meteringRuleSchema } from '@sdp/contracts';

/** What an administrator sets on a rule: everything but its ID and timestamps. */
export type MeteringRuleFields = Omit<MeteringRuleData, 'id' | 'createdAt' | 'updatedAt'>;

/** A new rule's values for the fields a create leaves out. */
export const METERING_RULE_DEFAULTS: Omit<MeteringRuleFields, 'productName'> = {
  fileName: null,
  originalFileName: null,
  fileVersion: '*',
  language: null,
  installedSoftwareName: null,
  platforms: 'any',
  site: null,
  licencesOwned: 0,
  enabled: true,
};

export interface RuleProblem {
  field: string;
  why: string;
}

const PLATFORMS_SHAPE = 'must be "any" or a non-empty list of {os: windows|linux|macos, arch: x86|x64|arm64|any, minVersion?, maxVersion?} (dotted versions)';

const fieldsSchema = meteringRuleSchema.omit({ id: true, createdAt: true, updatedAt: true });

/**
 * The first domain rule a rule's fields break (422 naming the field), or undefined: the rule must
 * name its executable (file name, original file name or both), its version pattern must be
 * well-formed, its licences owned a whole number of at least 0, its platforms those of programs.
 * Types were checked before (400); this is what a well-formed request can still get wrong.
 */
export function meteringRuleProblem(fields: MeteringRuleFields): RuleProblem | undefined {
  if (isBlank(fields.fileName) && isBlank(fields.originalFileName)) {
    return { field: 'fileName', why: 'a rule must name its executable: set fileName, originalFileName or both' };
  }
  const parsed = fieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || 'body';
    if (issue.path[0] === 'platforms') {
      return { field: 'platforms', why: PLATFORMS_SHAPE };
    }
    return { field, why: issue.message };
  }
  return undefined;
}

function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}
