import { containsAny, isInsideProtectedBoundary, LocationCandidate, orderLocations } from './location-order';

const dp = (name: string, siteCode: string, boundaries: string[], isProtected = false): LocationCandidate => ({
  name,
  siteCode,
  boundaries,
  protected: isProtected,
});

const client = { siteCode: 'S01', ipAddresses: ['10.1.2.3', 'fd00:1::5'] };
const names = (locations: { candidate: LocationCandidate }[]) => locations.map((location) => location.candidate.name);

describe('orderLocations', () => {
  const remote = dp('remote', 'S02', ['192.168.0.0/16']);
  const sameSite = dp('same-site', 'S01', ['172.16.0.0/12']);
  const near = dp('near', 'S02', ['10.1.0.0/16']);
  const nearV6 = dp('near-v6', 'S03', ['fd00:1::/64']);
  const guarded = dp('guarded', 'S01', ['10.1.2.0/24'], true);
  const guardedElsewhere = dp('guarded-elsewhere', 'S01', ['10.9.0.0/16'], true);

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
  });

  it('treats a client inside no boundary as slow everywhere', () => {
    const ordered = orderLocations({ siteCode: 'S01', ipAddresses: [] }, [near, sameSite], { allowFallbackToUnprotected: false });
    expect(names(ordered)).toEqual(['same-site', 'near']);
    expect(ordered.every((location) => !location.local)).toBe(true);
  });

  it('tells whether a client is inside any protected boundary', () => {
    expect(isInsideProtectedBoundary(client, [['10.1.2.0/24']])).toBe(true);
    expect(isInsideProtectedBoundary(client, [['10.9.0.0/16'], []])).toBe(false);
  });

  it('matches IPv4 and IPv6 addresses against their own family only', () => {
    expect(containsAny(['10.0.0.0/8'], ['10.255.0.1'])).toBe(true);
    expect(containsAny(['10.0.0.0/8'], ['11.0.0.1', 'fd00::1'])).toBe(false);
    expect(containsAny(['fd00::/8'], ['fd12::1'])).toBe(true);
  });
});
