import { ClientPlacement, parseSubnets, placeClient } from '@sdp/content-location';
import type { AdvertisementData, PackageData, PolicyAdvertisement, PolicyBody, PolicyPackage, PolicyProgram, ProgramData } from '@sdp/contracts';
import { rolloutPlacement } from '../rollout/rollout-record';
import { Applicability, evaluateApplicability, membershipPath } from './applicability';
import { ContentReadiness, DistributionPointCandidate, locateContent } from './content-readiness';
import { DependencyChain, resolveDependencyChain } from './dependency-chain';
import { ClientPolicyData } from './policy-data';

/** A DP holds its installed version unless it is being removed or owes a repair. */
const STATES_THAT_SERVE = new Set(['INSTALLED', 'INSTALL_PENDING', 'INSTALL_RETRYING', 'INSTALL_FAILED']);

export interface BuiltPolicy {
  body: PolicyBody;
  /** The next moment an advertisement becomes available or expires for this client; null = none. */
  validUntil: Date | null;
}

export interface AdvertisementExplanation {
  applies: Applicability;
  content: (ContentReadiness & { version: number }) | null;
}

/** The client's policy from its inputs: pure, so the rules are testable without a database. */
export function buildPolicy(data: ClientPolicyData, now: Date): BuiltPolicy {
  const context = new PolicyContext(data);
  const advertisements: PolicyAdvertisement[] = [];
  let validUntil: Date | null = null;
  for (const advertisement of data.advertisements) {
    const membership = membershipPath(advertisement, data.collections, data.ancestors);
    if (membership === 'none') {
      continue;
    }
    validUntil = earliest(validUntil, nextBoundary(advertisement, now));
    const evaluation = context.evaluate(advertisement, membership, now);
    if (evaluation.applicability.applies) {
      advertisements.push(context.toPolicyEntry(advertisement, evaluation.chain!));
    }
  }
  const maintenanceWindows = data.maintenanceWindows.flatMap(({ collectionId, windows }) =>
    windows.map((window) => ({ collectionId, ...window })),
  );
  return { body: { clientId: data.clientId, advertisements, maintenanceWindows }, validUntil };
}

/**
 * Whether the policy runs this version of this package, with content, in an advertisement or in
 * the dependency chain of one: what entitles the client to fetch it.
 */
export function policyRunsContent(body: PolicyBody, packageId: string, version: number): boolean {
  return body.advertisements.some((advertisement) =>
    [advertisement, ...advertisement.dependencies].some(
      ({ package: pkg, contentVersion }) => pkg.id === packageId && contentVersion === version && pkg.hasSource,
    ),
  );
}

/** Every condition for one advertisement, and where its content is for this client. */
export function explainAdvertisement(data: ClientPolicyData, advertisement: AdvertisementData, now: Date): AdvertisementExplanation {
  const context = new PolicyContext(data);
  const evaluation = context.evaluate(advertisement, membershipPath(advertisement, data.collections, data.ancestors), now);
  const pkg = context.packageOf(advertisement.packageId);
  const content = pkg ? { ...context.readiness(pkg, advertisement.allowFallbackToUnprotected), version: pkg.sourceVersion } : null;
  return { applies: evaluation.applicability, content };
}

class PolicyContext {
  private readonly programs = new Map<string, ProgramData>();
  private readonly packages = new Map<string, PackageData>();
  /** Parsed once: every readiness check of every advertisement uses the client and the known DPs. */
  private readonly client: ClientPlacement;
  private readonly distributionPoints: DistributionPointCandidate[];

  constructor(private readonly data: ClientPolicyData) {
    for (const program of data.programs) {
      this.programs.set(programKey(program.packageId, program.name), program);
    }
    for (const pkg of data.packages) {
      this.packages.set(pkg.id, pkg);
    }
    this.client = placeClient(data.client?.siteCode ?? '', data.client?.ipAddresses ?? []);
    this.distributionPoints = data.distributionPoints.map((dp) => ({ ...dp, boundaries: parseSubnets(dp.boundaries), holdsVersion: false }));
  }

  packageOf(packageId: string): PackageData | undefined {
    return this.packages.get(packageId);
  }

  evaluate(advertisement: AdvertisementData, membership: ReturnType<typeof membershipPath>, now: Date): { applicability: Applicability; chain: DependencyChain | undefined } {
    const program = this.programs.get(programKey(advertisement.packageId, advertisement.program));
    const chain = program ? resolveDependencyChain(program, (packageId, name) => this.programs.get(programKey(packageId, name))) : undefined;
    const missingPackage = chain?.links.find((link) => !this.packages.has(link.program.packageId));
    const applicability = evaluateApplicability({
      advertisement,
      membership,
      clientOs: this.data.client?.os,
      packageKnown: this.packages.has(advertisement.packageId),
      program,
      chain: chain && missingPackage ? { ...chain, problem: `dependency package ${missingPackage.program.packageId} is unknown` } : chain,
      now,
      rollout: rolloutPlacement(this.data.rollouts.get(advertisement.id), this.data),
    });
    return { applicability, chain };
  }

  toPolicyEntry(advertisement: AdvertisementData, chain: DependencyChain): PolicyAdvertisement {
    const pkg = this.packages.get(advertisement.packageId)!;
    const program = this.programs.get(programKey(advertisement.packageId, advertisement.program))!;
    const own = this.readiness(pkg, advertisement.allowFallbackToUnprotected);
    const dependencies = chain.links.map((link) => {
      const dependencyPackage = this.packages.get(link.program.packageId)!;
      return {
        package: policyPackage(dependencyPackage),
        program: policyProgram(link.program),
        alwaysRunFirst: link.alwaysRunFirst,
        contentVersion: dependencyPackage.sourceVersion,
        contentReady: this.readiness(dependencyPackage, advertisement.allowFallbackToUnprotected).ready,
      };
    });
    return {
      advertisementId: advertisement.id,
      name: advertisement.name,
      comment: advertisement.comment,
      priority: advertisement.priority,
      package: policyPackage(pkg),
      program: policyProgram(program),
      dependencies,
      contentVersion: pkg.sourceVersion,
      contentReady: own.ready && dependencies.every((dependency) => dependency.contentReady),
      network: own.network,
      availableAt: advertisement.availableAt,
      expiresAt: advertisement.expiresAt,
      mandatory: advertisement.mandatory,
      rerun: advertisement.rerun,
      fastNetwork: advertisement.fastNetwork,
      slowNetwork: advertisement.slowNetwork,
      allowFallbackToUnprotected: advertisement.allowFallbackToUnprotected,
      ignoreMaintenanceWindows: advertisement.ignoreMaintenanceWindows,
      allowRestartOutsideWindows: advertisement.allowRestartOutsideWindows,
      allowUserToRunIndependently: advertisement.allowUserToRunIndependently,
      retry: advertisement.retry,
      retryGeneration: this.data.retryGenerations.get(advertisement.id) ?? 0,
      rerunGeneration: this.data.rerunGenerations.get(advertisement.id) ?? 0,
    };
  }

  readiness(pkg: PackageData, allowFallbackToUnprotected: boolean): ContentReadiness {
    return locateContent({
      hasSource: pkg.hasSource,
      version: pkg.sourceVersion,
      client: this.client,
      candidates: this.candidates(pkg),
      allowFallbackToUnprotected,
    });
  }

  /** Every known DP; placement from the DP's own events when known, else from the status row. */
  private candidates(pkg: PackageData): DistributionPointCandidate[] {
    const byName = new Map<string, DistributionPointCandidate>();
    for (const dp of this.distributionPoints) {
      byName.set(dp.name, dp);
    }
    for (const row of this.data.contents) {
      if (row.packageId !== pkg.id) {
        continue;
      }
      const holdsVersion = row.installedVersion === pkg.sourceVersion && STATES_THAT_SERVE.has(row.state);
      const known = byName.get(row.distributionPoint);
      byName.set(
        row.distributionPoint,
        known
          ? { ...known, holdsVersion }
          : { name: row.distributionPoint, siteCode: row.siteCode, boundaries: parseSubnets(row.boundaries), protected: row.protected, enabled: true, holdsVersion },
      );
    }
    return [...byName.values()];
  }
}

function policyPackage(pkg: PackageData): PolicyPackage {
  return {
    id: pkg.id,
    name: pkg.name,
    version: pkg.version,
    sourceVersion: pkg.sourceVersion,
    manifestDigest: pkg.manifestDigest,
    hasSource: pkg.hasSource,
    persistInCache: pkg.persistInCache,
    sizeBytes: pkg.sizeBytes,
  };
}

function policyProgram(program: ProgramData): PolicyProgram {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = program;
  return rest;
}

function programKey(packageId: string, name: string): string {
  return `${packageId}\u0000${name}`;
}

function nextBoundary(advertisement: AdvertisementData, now: Date): Date | null {
  const moments = [advertisement.availableAt, advertisement.expiresAt]
    .filter((moment): moment is string => moment !== null)
    .map((moment) => new Date(moment))
    .filter((moment) => moment.getTime() > now.getTime());
  return moments.reduce<Date | null>((soonest, moment) => earliest(soonest, moment), null);
}

function earliest(left: Date | null, right: Date | null): Date | null {
  if (left === null) {
    return right;
  }
  if (right === null) {
    return left;
  }
  return left.getTime() <= right.getTime() ? left : right;
}
