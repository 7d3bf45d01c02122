import { platformMatches } from './platform-match';

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
