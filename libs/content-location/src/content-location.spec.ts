import { isInside, isInsideProtectedBoundary, LocationCandidate, orderLocations, placeClient } from './content-location';
import { parseSubnets } from './subnet';

const dp = (name: string, siteCode: string, boundaries: string[], isProtected = false): LocationCandidate => ({
  name,
  siteCode,
  boundaries: parseSubnets(boundaries),
  protected: isProtected,
});

const client = placeClient('S01', ['10.1.2.3', 'fd00:1::5']);
const names = (locations: { candidate: LocationCandidate }[]) => locations.map((location) => location.candidate.name);
const inside = (ipAddresses: string[], boundaries: string[]) => isInside(placeClient('S01', ipAddresses), parseSubnets(boundaries));

describe('orderLocations', () => {
  const remote = dp('remote', 'S02', ['192.168.0.0/16']);
  const sameSite = dp('same-site', 'S01', ['172.16.0.0/12']);
  const near = dp('near', 'S02', ['10.1.0.0/16']);
  const nearV6 = dp('near-v6', 'S03', ['fd00:1::/64']);
  const guarded = dp('guarded', 'S01', ['10.1.2.0/24'], true);
  const guardedElsewhere = dp('guarded-elsewhere', 'S01', ['10.9.0.0/16'], true);

  it('orders protected, boundary, site, then the rest', () => {
    const ordered = orderLocations(client, [dp('remote', 'S02', []), dp('same-site', 'S01', []), near, guarded], { allowFallbackToUnprotected: true });
    expect(ordered.map((location) => location.tier)).toEqual(['protected', 'boundary', 'site', 'fallback']);
  });

  it('puts boundary DPs first, then the site, then the rest; local only inside a boundary', () => {
    const ordered = orderLocations(client, [remote, sameSite, near, nearV6], { allowFallbackToUnprotected: false });
    expect(names(ordered)).toEqual(['near', 'near-v6', 'same-site', 'remote']);
    expect(ordered.map((location) => location.local)).toEqual([true, true, false, false]);
  });

  it('sends a client inside a protected boundary only to protected DPs unless fallback is allowed', () => {
    const candidates = [remote, near, guarded, sameSite];
    expect(names(orderLocations(client, candidates, { allowFallbackToUnprotected: false }))).toEqual(['guarded']);
    expect(names(orderLocations(client, candidates, { allowFallbackToUnprotected: true }))).toEqual(['guarded', 'near', 'same-site', 'remote']);
  });

  it('leaves a client inside a protected boundary without a location when that DP lacks the version', () => {
    const options = { allowFallbackToUnprotected: false, insideProtectedBoundary: true };
    expect(names(orderLocations(client, [near, remote], options))).toEqual([]);
    expect(names(orderLocations(client, [near, remote], { ...options, allowFallbackToUnprotected: true }))).toEqual(['near', 'remote']);
  });

  it('never offers a protected DP to a client outside its boundaries', () => {
    expect(names(orderLocations(client, [guardedElsewhere, remote], { allowFallbackToUnprotected: false }))).toEqual(['remote']);
    expect(names(orderLocations(client, [dp('elsewhere', 'S02', ['192.168.0.0/16'], true)], { allowFallbackToUnprotected: false }))).toEqual([]);
  });

  it('treats a client inside no boundary as slow everywhere', () => {
    const ordered = orderLocations(placeClient('S01', []), [near, sameSite], { allowFallbackToUnprotected: false });
    expect(names(ordered)).toEqual(['same-site', 'near']);
    expect(ordered.every((location) => !location.local)).toBe(true);
  });

  it('tells whether a client is inside any protected boundary', () => {
    expect(isInsideProtectedBoundary(client, [parseSubnets(['10.1.2.0/24'])])).toBe(true);
    expect(isInsideProtectedBoundary(client, [parseSubnets(['10.9.0.0/16']), []])).toBe(false);
  });
});

describe('isInside', () => {
  it('matches IPv4 and IPv6 networks', () => {
    expect(inside(['fd00::5'], ['fd00::/64'])).toBe(true);
    expect(inside(['10.1.2.3'], ['10.1.2.0/24'])).toBe(true);
    expect(inside(['10.1.2.3'], ['10.2.0.0/16'])).toBe(false);
  });

  it('matches IPv4 and IPv6 addresses against their own family', () => {
    expect(inside(['10.255.0.1'], ['10.0.0.0/8'])).toBe(true);
    expect(inside(['11.0.0.1', 'fd00::1'], ['10.0.0.0/8'])).toBe(false);
    expect(inside(['fd12::1'], ['fd00::/8'])).toBe(true);
  });

  it('takes an IPv4-mapped IPv6 address for its IPv4 address', () => {
    expect(inside(['::ffff:10.1.2.3'], ['10.1.0.0/16'])).toBe(true);
    expect(inside(['10.1.2.3'], ['::/0'])).toBe(true);
  });

  it('is outside when it has no address or the DP no boundary, and skips what is no address or network', () => {
    expect(inside([], ['10.0.0.0/8'])).toBe(false);
    expect(inside(['10.1.2.3'], [])).toBe(false);
    expect(inside(['not an address', '10.1.2.3'], ['not a network', '10.1.0.0/16'])).toBe(true);
  });
});
