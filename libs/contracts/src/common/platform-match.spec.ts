import { compareDottedVersions } from './dotted-version';
import { platformMatches, versionWithin } from './platform-match';

const windows10 = { name: 'windows', version: '10.0.19045', arch: 'x64' } as const;

describe('platformMatches', () => {
  it('admits every client for any', () => {
    expect(platformMatches('any', windows10)).toBe(true);
  });

  it('needs the same os and arch and a version in range', () => {
    expect(platformMatches([{ os: 'windows', arch: 'x64', minVersion: '10.0.19041' }], windows10)).toBe(true);
    expect(platformMatches([{ os: 'windows', arch: 'x86' }], windows10)).toBe(false);
    expect(platformMatches([{ os: 'linux', arch: 'x64' }], windows10)).toBe(false);
    expect(platformMatches([{ os: 'windows', arch: 'x64', minVersion: '10.0.22000' }], windows10)).toBe(false);
  });

  it('admits every architecture of the OS for arch any, still within the version bounds', () => {
    const linuxArm = { name: 'linux', version: '6.1.0', arch: 'arm64' } as const;
    const linuxX86 = { name: 'linux', version: '5.4', arch: 'x86' } as const;
    expect(platformMatches([{ os: 'linux', arch: 'any' }], linuxArm)).toBe(true);
    expect(platformMatches([{ os: 'linux', arch: 'any' }], linuxX86)).toBe(true);
    expect(platformMatches([{ os: 'linux', arch: 'any' }], windows10)).toBe(false);
    expect(platformMatches([{ os: 'linux', arch: 'any', minVersion: '6' }], linuxX86)).toBe(false);
    expect(platformMatches([{ os: 'windows', arch: 'any', maxVersion: '10.0' }], windows10)).toBe(true);
  });

  it('admits the client when any entry matches', () => {
    expect(
      platformMatches(
        [
          { os: 'linux', arch: 'arm64' },
          { os: 'windows', arch: 'x64', maxVersion: '10.0' },
        ],
        windows10,
      ),
    ).toBe(true);
  });
});

describe('versionWithin', () => {
  it('applies the lower bound numerically', () => {
    expect(versionWithin('10.0.19041', '10.0.19041')).toBe(true);
    expect(versionWithin('10.0.9200', '10.0.19041')).toBe(false);
  });

  it('reads the upper bound with the precision it was written in', () => {
    expect(versionWithin('10.0.19041', undefined, '10.0')).toBe(true);
    expect(versionWithin('10.1', undefined, '10.0')).toBe(false);
  });

  it('refuses a non-numeric client version only when bounds are given', () => {
    expect(versionWithin('Sonoma', '14')).toBe(false);
    expect(versionWithin('Sonoma')).toBe(true);
  });
});

// The comparisons the platform bounds rest on.
describe('compareDottedVersions, as platform bounds use it', () => {
  it.each([
    ['10.0.9', '10.0.10', -1],
    ['10.0.10', '10.0.9', 1],
    ['10.0', '10.0.0', 0],
    ['6.1', '10.0', -1],
  ])('%s vs %s → %d', (left, right, expected) => {
    expect(compareDottedVersions(left, right)).toBe(expected);
  });
});
