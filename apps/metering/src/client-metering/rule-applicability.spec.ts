import { MeteringRuleData } from '@sdp/contracts';
import { rulesForClient } from './rule-applicability';

const rule = (id: string, fields: Partial<MeteringRuleData> = {}): MeteringRuleData => ({
  id,
  productName: id,
  fileName: 'app',
  originalFileName: null,
  fileVersion: '*',
  language: null,
  installedSoftwareName: null,
  platforms: 'any',
  site: null,
  licencesOwned: 1,
  enabled: true,
  createdAt: '2026-03-02T09:30:00Z',
  updatedAt: '2026-03-02T09:30:00Z',
  ...fields,
});

const ids = (rules: MeteringRuleData[]) => rules.map((r) => r.id);
const linux = { os: { name: 'linux' as const, version: '6.8.0', arch: 'x64' as const }, siteCode: 'S01' };

describe('which rules a client meters', () => {
  it('gives enabled rules only', () => {
    expect(ids(rulesForClient([rule('S0100001'), rule('S0100002', { enabled: false })], linux))).toEqual(['S0100001']);
  });

  it("matches the rule's platforms by OS, architecture and version bounds", () => {
    const rules = [
      rule('S0100001', { platforms: [{ os: 'linux', arch: 'x64' }] }),
      rule('S0100002', { platforms: [{ os: 'windows', arch: 'x64' }] }),
      rule('S0100003', { platforms: [{ os: 'linux', arch: 'arm64' }] }),
      rule('S0100004', { platforms: [{ os: 'linux', arch: 'x64', minVersion: '6.9' }] }),
      rule('S0100005', { platforms: [{ os: 'linux', arch: 'x64', maxVersion: '6.8' }] }),
    ];
    expect(ids(rulesForClient(rules, linux))).toEqual(['S0100001', 'S0100005']);
  });

  it('meters a rule for Linux on any architecture on every Linux architecture, not on Windows', () => {
    const rules = [rule('S0100001', { platforms: [{ os: 'linux', arch: 'any' }] }), rule('S0100002', { platforms: [{ os: 'windows', arch: 'any' }] })];
    expect(ids(rulesForClient(rules, linux))).toEqual(['S0100001']);
    expect(ids(rulesForClient(rules, { ...linux, os: { ...linux.os, arch: 'arm64' } }))).toEqual(['S0100001']);
  });

  it('gives a rule with a site only to clients of that site, without regard to case', () => {
    const rules = [rule('S0100001', { site: 's01' }), rule('S0100002', { site: 'S02' }), rule('S0100003', { site: null })];
    expect(ids(rulesForClient(rules, linux))).toEqual(['S0100001', 'S0100003']);
  });
});
