import type { ProgramData } from '@sdp/contracts';

export type ProgramLookup = (packageId: string, program: string) => ProgramData | undefined;

export interface ChainLink {
  program: ProgramData;
  alwaysRunFirst: boolean;
}

export interface DependencyChain {
  /** In run order: the deepest dependency first, the advertised program's direct dependency last. */
  links: ChainLink[];
  /** Why the chain cannot run (unknown or disabled dependency, cycle); null when it can. */
  problem: string | null;
}

/** The catalog rejects longer chains long before this; the bound only stops a bad copy looping. */
const MAX_CHAIN_LENGTH = 32;

/** Follows `dependsOn` from a program; a dependency that cannot run stops the whole chain. */
export function resolveDependencyChain(program: ProgramData, lookup: ProgramLookup): DependencyChain {
  const links: ChainLink[] = [];
  const seen = new Set<string>([keyOf(program.packageId, program.name)]);
  let current = program;
  while (current.dependsOn !== null) {
    const { packageId, program: name, alwaysRunFirst } = current.dependsOn;
    const key = keyOf(packageId, name);
    if (seen.has(key) || links.length >= MAX_CHAIN_LENGTH) {
      return { links: links.reverse(), problem: `dependency cycle at ${packageId}:${name}` };
    }
    seen.add(key);
    const dependency = lookup(packageId, name);
    if (!dependency) {
      return { links: links.reverse(), problem: `dependency ${packageId}:${name} is unknown` };
    }
    if (dependency.disabled) {
      return { links: links.reverse(), problem: `dependency ${packageId}:${name} is disabled` };
    }
    links.push({ program: dependency, alwaysRunFirst });
    current = dependency;
  }
  return { links: links.reverse(), problem: null };
}

function keyOf(packageId: string, program: string): string {
  return `${packageId}\u0000${program}`;
}
