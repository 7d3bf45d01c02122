/**
 * The content-location rule: which distribution points a client may fetch a version from, and in
 * which order. Protected DPs whose boundary holds the client come first, and only they while the
 * client is inside any protected DP's boundary (holding the version or not) unless the
 * advertisement allows fallback to unprotected ones; then DPs whose boundary holds the client,
 * then DPs of its site, then the rest. A protected DP serves only clients inside its boundaries.
 * Advertisement (whether content is ready, explain) and content-replication (the locations a
 * client is sent to) both use it, so the two never disagree on who is confined.
 */
import { IpAddress, parseIpAddresses, Subnet, subnetContains } from './subnet';

/** A client's site and addresses, parsed once (see placeClient). */
export interface ClientPlacement {
  readonly siteCode: string;
  readonly addresses: readonly IpAddress[];
}

/** A distribution point as the rule sees it, its boundaries parsed once (parseSubnets). */
export interface LocationCandidate {
  readonly name: string;
  readonly siteCode: string;
  readonly boundaries: readonly Subnet[];
  readonly protected: boolean;
}

export type LocationTier = 'protected' | 'boundary' | 'site' | 'fallback';

export interface OrderedLocation<T extends LocationCandidate> {
  candidate: T;
  tier: LocationTier;
  /** Inside one of the DP's boundaries: a fast network. */
  local: boolean;
}

const TIER_RANK: Record<LocationTier, number> = { protected: 0, boundary: 1, site: 2, fallback: 3 };

/** Addresses that are no IP address are left out: they are inside no boundary. */
export function placeClient(siteCode: string, ipAddresses: readonly string[]): ClientPlacement {
  return { siteCode, addresses: parseIpAddresses(ipAddresses) };
}

/**
 * Orders the DPs that hold a version for one client; ties go by name, so the answer is stable.
 * `insideProtectedBoundary`: inside the boundary of a protected DP, including ones that lack the
 * version (a protected DP among `holding` whose boundary holds the client counts by itself).
 */
export function orderLocations<T extends LocationCandidate>(
  client: ClientPlacement,
  holding: readonly T[],
  options: { allowFallbackToUnprotected: boolean; insideProtectedBoundary?: boolean },
): OrderedLocation<T>[] {
  const placed: OrderedLocation<T>[] = [];
  let insideProtectedBoundary = options.insideProtectedBoundary === true;
  for (const candidate of holding) {
    const local = isInside(client, candidate.boundaries);
    if (candidate.protected) {
      if (local) {
        placed.push({ candidate, tier: 'protected', local });
        insideProtectedBoundary = true;
      }
    } else {
      placed.push({ candidate, tier: local ? 'boundary' : candidate.siteCode === client.siteCode ? 'site' : 'fallback', local });
    }
  }
  const allowed = insideProtectedBoundary && !options.allowFallbackToUnprotected ? placed.filter((location) => location.tier === 'protected') : placed;
  return allowed.sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier] || a.candidate.name.localeCompare(b.candidate.name));
}

/** Whether the client is inside a protected DP's boundary, holding the version or not. */
export function isInsideProtectedBoundary(client: ClientPlacement, protectedBoundaries: readonly (readonly Subnet[])[]): boolean {
  return protectedBoundaries.some((boundaries) => isInside(client, boundaries));
}

/**
 * Whether any of the client's addresses lies in any of the boundaries. An IPv4-mapped IPv6
 * address counts as its IPv4 address, as it always has for boundaries.
 */
export function isInside(client: ClientPlacement, boundaries: readonly Subnet[]): boolean {
  for (const subnet of boundaries) {
    for (const address of client.addresses) {
      if (subnetContains(subnet, address, 'ipv4-mapped')) {
        return true;
      }
    }
  }
  return false;
}
