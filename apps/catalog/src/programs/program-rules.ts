import { compareDottedVersions, exitCodeSchema, programSchema, type PlatformData, type ProgramFields } from '@sdp/contracts';

export interface ProgramKey {
  packageId: string;
  name: string;
}

export interface RuleProblem {
  field: string;
  why: string;
}

export const MAX_RUN_TIME_MINUTES = 720;
const EXIT_CODE_LISTS = ['successExitCodes', 'rebootExitCodes', 'retryExitCodes'] as const;

/** The first rule of domain.md the fields break, or undefined. Shapes are the DTO's job; these are the limits. */
export function findRuleProblem(fields: ProgramFields): RuleProblem | undefined {
  if (fields.maxRunTimeMinutes < 1 || fields.maxRunTimeMinutes > MAX_RUN_TIME_MINUTES) {
    return { field: 'maxRunTimeMinutes', why: `must be 1..${MAX_RUN_TIME_MINUTES} minutes, got ${fields.maxRunTimeMinutes}` };
  }
  if (fields.estimatedDiskSpaceMb !== null && fields.estimatedDiskSpaceMb < 0) {
    return { field: 'estimatedDiskSpaceMb', why: 'must be 0 or more, or null when unknown' };
  }
  if (!programSchema.shape.workingDirectory.safeParse(fields.workingDirectory).success) {
    return { field: 'workingDirectory', why: 'must be a path relative to the package root, without .. segments or control characters' };
  }
  return findExitCodeProblem(fields) ?? findPlatformProblem(fields.platforms);
}

function findExitCodeProblem(fields: ProgramFields): RuleProblem | undefined {
  const listOf = new Map<number, string>();
  for (const list of EXIT_CODE_LISTS) {
    for (const code of fields[list]) {
      if (!exitCodeSchema.safeParse(code).success) {
        return { field: list, why: `${code} is not a 32-bit exit code` };
      }
      const other = listOf.get(code);
      if (other === list) {
        return { field: list, why: `${code} is listed twice` };
      }
      if (other !== undefined) {
        return { field: list, why: `${code} is already in ${other}; an exit code has one meaning` };
      }
      listOf.set(code, list);
    }
  }
  return undefined;
}

function findPlatformProblem(platforms: ProgramFields['platforms']): RuleProblem | undefined {
  if (platforms === 'any') {
    return undefined;
  }
  const seen = new Set<string>();
  for (const [index, platform] of platforms.entries()) {
    const key = `${platform.os}/${platform.arch}`;
    if (seen.has(key)) {
      return { field: `platforms[${index}]`, why: `${key} is listed twice` };
    }
    seen.add(key);
    if (platform.minVersion !== undefined && platform.maxVersion !== undefined && compareDottedVersions(platform.minVersion, platform.maxVersion) > 0) {
      return { field: `platforms[${index}]`, why: `minVersion ${platform.minVersion} is above maxVersion ${platform.maxVersion}` };
    }
  }
  return undefined;
}

export function sameProgram(left: ProgramKey, right: ProgramKey): boolean {
  return left.packageId === right.packageId && left.name === right.name;
}

export function describeProgram(key: ProgramKey): string {
  return `${key.packageId}/${key.name}`;
}

/**
 * Follows the dependency chain from `dependency` and returns the loop `program` would close
 * (program → dependency → ... → program), or undefined. `dependencyOf` answers each stored
 * program's own dependency; a chain that is already looping elsewhere ends the walk too.
 */
export async function findDependencyLoop(
  program: ProgramKey,
  dependency: ProgramKey,
  dependencyOf: (key: ProgramKey) => Promise<ProgramKey | null>,
): Promise<ProgramKey[] | undefined> {
  const chain: ProgramKey[] = [program];
  const visited = new Set<string>();
  let current: ProgramKey | null = dependency;
  while (current !== null) {
    chain.push(current);
    if (sameProgram(current, program)) {
      return chain;
    }
    const id = describeProgram(current);
    if (visited.has(id)) {
      return undefined;
    }
    visited.add(id);
    current = await dependencyOf(current);
  }
  return undefined;
}

export type { PlatformData };
