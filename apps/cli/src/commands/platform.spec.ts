import { formatPlatforms, parsePlatform, parsePlatforms } from './platform';

describe('parsePlatform', () => {
  it.each([
    ['windows/x64>=10.0', { os: 'windows', arch: 'x64', minVersion: '10.0' }],
    ['linux/arm64', { os: 'linux', arch: 'arm64' }],
    ['linux/any', { os: 'linux', arch: 'any' }],
    ['Windows/Any>=10.0', { os: 'windows', arch: 'any', minVersion: '10.0' }],
    ['macos/x64<=14', { os: 'macos', arch: 'x64', maxVersion: '14' }],
    ['Windows/X86>=6.1<=10.0.19045', { os: 'windows', arch: 'x86', minVersion: '6.1', maxVersion: '10.0.19045' }],
    ['windows/x64<=11>=10', { os: 'windows', arch: 'x64', minVersion: '10', maxVersion: '11' }],
  ])('reads %s', (spec, platform) => {
    expect(parsePlatform(spec)).toEqual(platform);
  });

  it.each([
    ['windows', /expected OS\/ARCH/],
    ['solaris/x64', /OS must be one of windows, linux, macos/],
    ['linux/mips', /CPU must be one of x86, x64, arm64, any/],
    ['linux/x64>=ten', /ten is not a dotted version/],
    ['linux/x64>=1>=2', /given twice/],
    ['linux/x64=1', /expected OS\/ARCH/],
  ])('refuses %s', (spec, message) => {
    expect(() => parsePlatform(spec)).toThrow(message);
  });
});

describe('parsePlatforms', () => {
  it('gives undefined without --platform, "any" for any, else the list', () => {
    expect(parsePlatforms([])).toBeUndefined();
    expect(parsePlatforms(['any'])).toBe('any');
    expect(parsePlatforms(['linux/x64', 'windows/x64>=10.0'])).toEqual([
      { os: 'linux', arch: 'x64' },
      { os: 'windows', arch: 'x64', minVersion: '10.0' },
    ]);
    expect(() => parsePlatforms(['any', 'linux/x64'])).toThrow('--platform any cannot be combined with other platforms');
  });

  it('formats platforms back the way they are typed', () => {
    expect(formatPlatforms([{ os: 'windows', arch: 'x64', minVersion: '10.0', maxVersion: '11' }, { os: 'linux', arch: 'arm64' }])).toBe('windows/x64>=10.0<=11, linux/arm64');
    expect(formatPlatforms('any')).toBe('any');
    expect(formatPlatforms([{ os: 'linux', arch: 'any' }])).toBe('linux/any');
  });
});
