import { platformMatches, type AdvertisementData, type ClientOsData, type ProgramData } from '@sdp/contracts';
import { DependencyChain } from './dependency-chain';
import { describePlatforms } from './platform-match';

/** How the client reaches the advertisement's collection. */
export type MembershipPath = 'direct' | 'subcollection' | 'none';

export type ApplicabilityCondition =
  | 'member'
  | 'enabled'
  | 'available'
  | 'not-expired'
  | 'package-known'
  | 'program-enabled'
  | 'dependencies'
  | 'platform'
  | 'rollout-phase';

export interface ConditionCheck {
  condition: ApplicabilityCondition;
  passed: boolean;
  detail: string;
}

export interface Applicability {
  applies: boolean;
  /** The first condition that fails, or null when the advertisement applies. */
  excludedBy: ApplicabilityCondition | null;
  checks: ConditionCheck[];
}

export type AdvertisementRules = Pick<
  AdvertisementData,
  'collectionId' | 'includeSubcollections' | 'enabled' | 'availableAt' | 'expiresAt' | 'packageId' | 'program'
>;

export interface ApplicabilityInput {
  advertisement: AdvertisementRules;
  membership: MembershipPath;
  /** Unknown until the client's registration event arrives. */
  clientOs: ClientOsData | undefined;
  packageKnown: boolean;
  program: ProgramData | undefined;
  chain: DependencyChain | undefined;
  now: Date;
  /** Where the client stands in the advertisement's phased deployment; absent when it has no phases. */
  rollout?: RolloutPlacement;
}

/** A client's phase of a phased deployment (1-based) and how far the deployment has opened. */
export interface RolloutPlacement {
  phase: number;
  openPhases: number;
  phases: number;
  cancelled: boolean;
}

/**
 * Which path, if any, makes the client a member of the advertisement's collection: its own
 * collection, or (with includeSubcollections) an ancestor of one of the client's collections.
 */
export function membershipPath(
  advertisement: Pick<AdvertisementData, 'collectionId' | 'includeSubcollections'>,
  clientCollections: ReadonlySet<string>,
  ancestorsOfClientCollections: ReadonlySet<string>,
): MembershipPath {
  if (clientCollections.has(advertisement.collectionId)) {
    return 'direct';
  }
  if (advertisement.includeSubcollections && ancestorsOfClientCollections.has(advertisement.collectionId)) {
    return 'subcollection';
  }
  return 'none';
}

/**
 * The rules of domain.md for one advertisement and one client, every condition checked so that
 * explain can show them all; the policy keeps the advertisement only when all pass.
 */
export function evaluateApplicability(input: ApplicabilityInput): Applicability {
  const { advertisement, now } = input;
  const availableAt = new Date(advertisement.availableAt);
  const expiresAt = advertisement.expiresAt === null ? null : new Date(advertisement.expiresAt);
  const checks: ConditionCheck[] = [
    {
      condition: 'member',
      passed: input.membership !== 'none',
      detail:
        input.membership === 'direct'
          ? `member of ${advertisement.collectionId}`
          : input.membership === 'subcollection'
            ? `member of a subcollection of ${advertisement.collectionId}`
            : `not a member of ${advertisement.collectionId}${advertisement.includeSubcollections ? ' or its subcollections' : ''}`,
    },
    { condition: 'enabled', passed: advertisement.enabled, detail: advertisement.enabled ? 'advertisement enabled' : 'advertisement disabled' },
    {
      condition: 'available',
      passed: availableAt.getTime() <= now.getTime(),
      detail: availableAt.getTime() <= now.getTime() ? `available since ${advertisement.availableAt}` : `not yet available: from ${advertisement.availableAt}`,
    },
    {
      condition: 'not-expired',
      passed: expiresAt === null || expiresAt.getTime() > now.getTime(),
      detail: expiresAt === null ? 'never expires' : expiresAt.getTime() > now.getTime() ? `expires at ${advertisement.expiresAt}` : `expired at ${advertisement.expiresAt}`,
    },
    {
      condition: 'package-known',
      passed: input.packageKnown,
      detail: input.packageKnown ? `package ${advertisement.packageId} known` : `package ${advertisement.packageId} unknown (deleted?)`,
    },
    programCheck(input),
    dependencyCheck(input.chain),
    platformCheck(input.program, input.clientOs),
    ...(input.rollout ? [rolloutCheck(input.rollout)] : []),
  ];
  const failed = checks.find((check) => !check.passed);
  return { applies: failed === undefined, excludedBy: failed?.condition ?? null, checks };
}

/**
 * A phased deployment offers the advertisement to the clients of its open phases; a paused one
 * keeps offering it there (a pause only stops further phases opening); a cancelled one to nobody.
 */
function rolloutCheck(rollout: RolloutPlacement): ConditionCheck {
  const where = `phase ${rollout.phase} of ${rollout.phases}`;
  if (rollout.cancelled) {
    return { condition: 'rollout-phase', passed: false, detail: `in ${where}; the rollout was cancelled` };
  }
  const passed = rollout.phase <= rollout.openPhases;
  const open = rollout.openPhases === 0 ? 'no phase is open yet' : `phases 1–${rollout.openPhases} are open`;
  return { condition: 'rollout-phase', passed, detail: `in ${where}; ${open}` };
}

function programCheck(input: ApplicabilityInput): ConditionCheck {
  const name = `${input.advertisement.packageId}:${input.advertisement.program}`;
  if (!input.program) {
    return { condition: 'program-enabled', passed: false, detail: `program ${name} unknown (deleted?)` };
  }
  return {
    condition: 'program-enabled',
    passed: !input.program.disabled,
    detail: input.program.disabled ? `program ${name} disabled` : `program ${name} enabled`,
  };
}

function dependencyCheck(chain: DependencyChain | undefined): ConditionCheck {
  if (!chain) {
    return { condition: 'dependencies', passed: false, detail: 'program unknown: no dependency chain' };
  }
  if (chain.problem !== null) {
    return { condition: 'dependencies', passed: false, detail: chain.problem };
  }
  return {
    condition: 'dependencies',
    passed: true,
    detail: chain.links.length === 0 ? 'no dependencies' : `runs after ${chain.links.map((link) => `${link.program.packageId}:${link.program.name}`).join(' → ')}`,
  };
}

function platformCheck(program: ProgramData | undefined, clientOs: ClientOsData | undefined): ConditionCheck {
  if (!program) {
    return { condition: 'platform', passed: false, detail: 'program unknown: no platforms' };
  }
  if (program.platforms === 'any') {
    return { condition: 'platform', passed: true, detail: 'program runs on any platform' };
  }
  if (!clientOs) {
    return { condition: 'platform', passed: false, detail: 'client unknown: its operating system is not known yet' };
  }
  const client = `${clientOs.name}/${clientOs.arch} ${clientOs.version}`;
  return platformMatches(program.platforms, clientOs)
    ? { condition: 'platform', passed: true, detail: `${client} matches ${describePlatforms(program.platforms)}` }
    : { condition: 'platform', passed: false, detail: `${client} does not match ${describePlatforms(program.platforms)}` };
}
