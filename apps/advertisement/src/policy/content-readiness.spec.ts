import { parseSubnets, placeClient } from '@sdp/content-location';
import { DistributionPointCandidate, locateContent } from './content-readiness';

const client = placeClient('S01', ['10.1.2.3']);

/** A DP's fields with its boundaries as written. */
type DpFields = Omit<DistributionPointCandidate, 'name' | 'boundaries'> & { boundaries: string[] };

function dp(name: string, overrides: Partial<DpFields> = {}): DistributionPointCandidate {
  const fields: DpFields = { siteCode: 'S02', boundaries: [], protected: false, enabled: true, holdsVersion: true, ...overrides };
  return { name, ...fields, boundaries: parseSubnets(fields.boundaries) };
}

function locate(candidates: DistributionPointCandidate[], allowFallbackToUnprotected = false) {
  return locateContent({ hasSource: true, version: 3, client, candidates, allowFallbackToUnprotected });
}

describe('locateContent', () => {
  it('orders protected, boundary, site, then the rest, which explain calls remote', () => {
    const result = locate([
      dp('remote'),
      dp('same-site', { siteCode: 'S01' }),
      dp('near', { boundaries: ['10.1.0.0/16'] }),
      dp('guarded', { boundaries: ['10.1.2.0/24'], protected: true }),
    ], true);
    expect(result.locations.map((location) => location.tier)).toEqual(['protected', 'boundary', 'site', 'remote']);
    expect(result.ready).toBe(true);
    expect(result.network).toBe('fast');
  });

  it('keeps a client inside a protected boundary on protected DPs unless fallback is allowed', () => {
    const candidates = [dp('guarded', { boundaries: ['10.1.0.0/16'], protected: true, holdsVersion: false }), dp('near', { boundaries: ['10.0.0.0/8'] })];
    const confined = locate(candidates);
    expect(confined.ready).toBe(false);
    expect(confined.reason).toContain('fallback');
    const fallback = locate(candidates, true);
    expect(fallback.ready).toBe(true);
    expect(fallback.locations).toEqual([{ distributionPoint: 'near', tier: 'boundary' }]);
  });

  it('is not ready when no usable DP holds the version, and ignores disabled DPs', () => {
    expect(locate([dp('old', { holdsVersion: false })]).ready).toBe(false);
    expect(locate([dp('off', { enabled: false })]).ready).toBe(false);
  });

  it('calls a client outside every boundary slow', () => {
    const result = locate([dp('same-site', { siteCode: 'S01' })]);
    expect(result).toMatchObject({ ready: true, network: 'slow' });
  });

  it('needs no DP for a command-only package, and none can help before the first publish', () => {
    expect(locateContent({ hasSource: false, version: 0, client, candidates: [], allowFallbackToUnprotected: false }).ready).toBe(true);
    expect(locateContent({ hasSource: true, version: 0, client, candidates: [dp('any')], allowFallbackToUnprotected: false }).ready).toBe(
      false,
    );
  });
});
