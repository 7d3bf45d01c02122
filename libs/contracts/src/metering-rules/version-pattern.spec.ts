import { fileVersionMatches, fileVersionPatternProblem } from './version-pattern';

describe('file version patterns of metering rules', () => {
  it.each([
    ['16.*', '16.0.4266.1001', true],
    ['16.*', '16.0', true],
    ['16.*', '160.0', false],
    ['16.*', '15.0.1', false],
    ['16.0.?', '16.0.1', true],
    ['16.0.?', '16.0.12', false],
    ['1?.*', '12.3', true],
    ['2.1.0-beta', '2.1.0-BETA', true],
    ['2.1.0', '2x1x0', false],
    ['*', '0.0.1', true],
  ])('%s against %s: %s', (pattern, version, matches) => {
    expect(fileVersionMatches(pattern, version)).toBe(matches);
  });

  it('lets a process of unknown version match only *', () => {
    expect(fileVersionMatches('*', undefined)).toBe(true);
    expect(fileVersionMatches('16.*', undefined)).toBe(false);
  });

  it.each(['', '16..*', '.16', '16.', '16.[0-9]', '16 .0', 'a'.repeat(65), '16.*\n'])('refuses the malformed pattern %j', (pattern) => {
    expect(fileVersionPatternProblem(pattern)).toEqual(expect.any(String));
  });

  it.each(['*', '16.*', '1?.0.*', '10.0.19041.1', '2.1.0-beta+build_7'])('accepts %s', (pattern) => {
    expect(fileVersionPatternProblem(pattern)).toBeUndefined();
  });
});
