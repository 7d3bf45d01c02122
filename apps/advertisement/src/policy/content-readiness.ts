import { BlockList, isIP } from 'node:net';

/** A distribution point as this service knows it, with whether it holds the version asked for. */
export interface DistributionPointCandidate {
  name: string;
  siteCode: string;
  boundaries: readonly string[];
  protected: boolean;
  enabled: boolean;
  holdsVersion: boolean;
}

export interface ClientPlacement {
  ipAddresses: readonly string[];
  siteCode: string;
}

/** Order of preference of a location, as domain.md lists it. */
export type LocationTier = 'protected' | 'boundary' | 'site' | 'remote';

export interface ContentLocation {
  distributionPoint: string;
  tier: LocationTier;
}

export interface ContentReadiness {
  ready: boolean;
  /** fast when the best location is inside one of the client's boundaries, slow otherwise. */
  network: 'fast' | 'slow';
  locations: ContentLocation[];
  /** Why content is or is not ready, for explain. */
  reason: string;
}

export interface ContentQuery {
  hasSource: boolean;
  version: number;
  client: ClientPlacement;
  candidates: readonly DistributionPointCandidate[];
  allowFallbackToUnprotected: boolean;
}

const TIER_ORDER: Record<LocationTier, number> = { protected: 0, boundary: 1, site: 2, remote: 3 };

/**
 * Where a client may fetch one version of a package: protected DPs whose boundary holds the
 * client (only those, unless fallback is allowed), then DPs whose boundary holds it, then DPs of
 * its site, then the rest. A protected DP serves only clients inside its boundaries.
 */
export function locateContent(query: ContentQuery): ContentReadiness {
  const enabled = query.candidates.filter((candidate) => candidate.enabled);
  const insideAny = enabled.some((candidate) => clientInside(query.client, candidate.boundaries));
  if (!query.hasSource) {
    return { ready: true, network: insideAny ? 'fast' : 'slow', locations: [], reason: 'command-only package: needs no distribution point' };
  }
  if (query.version < 1) {
    return { ready: false, network: insideAny ? 'fast' : 'slow', locations: [], reason: 'no source version has been published yet' };
  }
  const protectedHere = enabled.filter((candidate) => candidate.protected && clientInside(query.client, candidate.boundaries));
  const confined = protectedHere.length > 0 && !query.allowFallbackToUnprotected;
  const locations = enabled
    .filter((candidate) => candidate.holdsVersion)
    .map((candidate) => ({ candidate, tier: tierOf(candidate, query.client) }))
    .filter((located): located is { candidate: DistributionPointCandidate; tier: LocationTier } => located.tier !== undefined)
    .filter((located) => !confined || located.tier === 'protected')
    .sort((left, right) => TIER_ORDER[left.tier] - TIER_ORDER[right.tier] || left.candidate.name.localeCompare(right.candidate.name))
    .map((located) => ({ distributionPoint: located.candidate.name, tier: located.tier }));
  const first = locations[0];
  const network = first ? (first.tier === 'protected' || first.tier === 'boundary' ? 'fast' : 'slow') : insideAny ? 'fast' : 'slow';
  if (first) {
    return { ready: true, network, locations, reason: `version ${query.version} is on ${first.distributionPoint} (${first.tier})` };
  }
  const reason = confined
    ? `the client is inside the boundaries of protected distribution point(s) ${protectedHere
        .map((candidate) => candidate.name)
        .join(', ')}, none holds version ${query.version}, and fallback to unprotected ones is not allowed`
    : `no distribution point the client may use holds version ${query.version}`;
  return { ready: false, network, locations, reason };
}

function tierOf(candidate: DistributionPointCandidate, client: ClientPlacement): LocationTier | undefined {
  const inside = clientInside(client, candidate.boundaries);
  if (candidate.protected) {
    return inside ? 'protected' : undefined;
  }
  if (inside) {
    return 'boundary';
  }
  return candidate.siteCode === client.siteCode ? 'site' : 'remote';
}

/** Whether any of the client's addresses lies in any of the networks. */
export function clientInside(client: ClientPlacement, boundaries: readonly string[]): boolean {
  if (boundaries.length === 0 || client.ipAddresses.length === 0) {
    return false;
  }
  const networks = new BlockList();
  for (const boundary of boundaries) {
    const [address, prefix] = boundary.split('/');
    const family = isIP(address);
    if (family !== 0 && prefix !== undefined) {
      networks.addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }
  return client.ipAddresses.some((address) => {
    const family = isIP(address);
    return family !== 0 && networks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  });
}
