import { BlockList, isIP } from 'node:net';

export interface LocationCandidate {
  name: string;
  siteCode: string;
  boundaries: readonly string[];
  protected: boolean;
}

export interface ClientPlacement {
  siteCode: string;
  ipAddresses: readonly string[];
}

export type LocationTier = 'protected' | 'boundary' | 'site' | 'other';

export interface OrderedLocation<T extends LocationCandidate> {
  candidate: T;
  tier: LocationTier;
  /** Inside one of the DP's boundaries: a fast network. */
  local: boolean;
}

const TIER_RANK: Record<LocationTier, number> = { protected: 0, boundary: 1, site: 2, other: 3 };

/**
 * Orders the DPs that hold a version for one client (domain.md, content location): protected DPs
 * whose boundary holds the client first — and only those, unless fallback is allowed — then DPs
 * whose boundary holds the client, then DPs of the client's site, then the rest. A protected DP
 * serves only clients inside its boundaries. Ties go by name, so the answer is stable.
 */
export function orderLocations<T extends LocationCandidate>(
  client: ClientPlacement,
  candidates: readonly T[],
  options: {
    allowFallbackToUnprotected: boolean;
    /** Inside the boundary of any protected DP, including ones that lack the version. */
    insideProtectedBoundary?: boolean;
  },
): OrderedLocation<T>[] {
  const placed = candidates.flatMap((candidate): OrderedLocation<T>[] => {
    const local = containsAny(candidate.boundaries, client.ipAddresses);
    if (candidate.protected) return local ? [{ candidate, tier: 'protected', local }] : [];
    const tier: LocationTier = local ? 'boundary' : candidate.siteCode === client.siteCode ? 'site' : 'other';
    return [{ candidate, tier, local }];
  });
  const insideProtectedBoundary = options.insideProtectedBoundary === true || placed.some((location) => location.tier === 'protected');
  const allowed = insideProtectedBoundary && !options.allowFallbackToUnprotected ? placed.filter((location) => location.tier === 'protected') : placed;
  return allowed.sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier] || a.candidate.name.localeCompare(b.candidate.name));
}

/** Whether the client is inside a protected DP's boundary, holding the version or not. */
export function isInsideProtectedBoundary(client: ClientPlacement, protectedBoundaries: readonly (readonly string[])[]): boolean {
  return protectedBoundaries.some((boundaries) => containsAny(boundaries, client.ipAddresses));
}

export function containsAny(boundaries: readonly string[], addresses: readonly string[]): boolean {
  if (boundaries.length === 0 || addresses.length === 0) return false;
  const list = new BlockList();
  for (const cidr of boundaries) {
    const [network, prefix] = cidr.split('/');
    const family = isIP(network);
    if (family === 0 || prefix === undefined) continue;
    list.addSubnet(network, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
  }
  return addresses.some((address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  });
}
