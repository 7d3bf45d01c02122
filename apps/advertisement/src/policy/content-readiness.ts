import { ClientPlacement, isInside, LocationCandidate, LocationTier, orderLocations } from '@sdp/content-location';

/** A distribution point as this service knows it, with whether it holds the version asked for. */
export interface DistributionPointCandidate extends LocationCandidate {
  enabled: boolean;
  holdsVersion: boolean;
}

/** A location's tier as explain has always shown it: the last tier is `remote` there. */
export type ExplainedTier = 'protected' | 'boundary' | 'site' | 'remote';

const EXPLAINED_TIER: Record<LocationTier, ExplainedTier> = { protected: 'protected', boundary: 'boundary', site: 'site', fallback: 'remote' };

export interface ContentLocation {
  distributionPoint: string;
  tier: ExplainedTier;
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

/**
 * Whether a client can fetch one version of a package, and from where, by the content-location
 * rule of @sdp/content-location over the enabled DPs: protected ones confine the client even
 * when they lack the version.
 */
export function locateContent(query: ContentQuery): ContentReadiness {
  const enabled = query.candidates.filter((candidate) => candidate.enabled);
  const insideAny = enabled.some((candidate) => isInside(query.client, candidate.boundaries));
  if (!query.hasSource) {
    return { ready: true, network: insideAny ? 'fast' : 'slow', locations: [], reason: 'command-only package: needs no distribution point' };
  }
  if (query.version < 1) {
    return { ready: false, network: insideAny ? 'fast' : 'slow', locations: [], reason: 'no source version has been published yet' };
  }
  const protectedHere = enabled.filter((candidate) => candidate.protected && isInside(query.client, candidate.boundaries));
  const ordered = orderLocations(
    query.client,
    enabled.filter((candidate) => candidate.holdsVersion),
    { allowFallbackToUnprotected: query.allowFallbackToUnprotected, insideProtectedBoundary: protectedHere.length > 0 },
  );
  const locations = ordered.map(({ candidate, tier }) => ({ distributionPoint: candidate.name, tier: EXPLAINED_TIER[tier] }));
  const best = ordered.at(0);
  const network = (best ? best.local : insideAny) ? 'fast' : 'slow';
  if (best) {
    return { ready: true, network, locations, reason: `version ${query.version} is on ${best.candidate.name} (${EXPLAINED_TIER[best.tier]})` };
  }
  const confined = protectedHere.length > 0 && !query.allowFallbackToUnprotected;
  const reason = confined
    ? `the client is inside the boundaries of protected distribution point(s) ${protectedHere
        .map((candidate) => candidate.name)
        .join(', ')}, none holds version ${query.version}, and fallback to unprotected ones is not allowed`
    : `no distribution point the client may use holds version ${query.version}`;
  return { ready: false, network, locations, reason };
}
