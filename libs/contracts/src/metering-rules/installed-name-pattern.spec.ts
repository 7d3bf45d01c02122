import { installedNameMatches, installedNamePatternProblem, installedNameRegExpSource } from './installed-name-pattern';

describe('installed software name patterns of metering rules', () => {
  it.each([
    ['Contoso Word*', 'Contoso Word 16', true],
    ['Contoso Word*', 'contoso word', true],
    ['Contoso Word*', 'The Contoso Word', false],
    ['*visual studio code*', 'Microsoft Visual Studio Code (User)', true],
    ['Word ??', 'Word 16', true],
    ['Word ??', 'Word 2016', false],
    ['C++ Runtime (x64)', 'c++ runtime (X64)', true],
    ['C++ Runtime (x64)', 'Cxx Runtime (x64)', false],
    ['a.b', 'axb', false],
    ['50% [beta] $x^2 {1} a|b \\ /', '50% [BETA] $X^2 {1} A|B \\ /', true],
    ['ÉDITEUR*', 'éditeur pro', true],
  ])('%s against %s: %s', (pattern, name, matches) => {
    expect(installedNameMatches(pattern, 'unused', name)).toBe(matches);
  });

  it('matches the product name itself, without regard to case, when the rule has no pattern', () => {
    expect(installedNameMatches(null, 'Contoso Word 16', 'CONTOSO WORD 16')).toBe(true);
    expect(installedNameMatches(null, 'Contoso Word 16', 'Contoso Word 16 Viewer')).toBe(false);
    // A product name's * and ? are themselves, not wildcards.
    expect(installedNameMatches(null, 'Tool*', 'Tool*')).toBe(true);
    expect(installedNameMatches(null, 'Tool*', 'Toolbox')).toBe(false);
  });

  it('escapes every metacharacter for PostgreSQL as for JavaScript', () => {
    expect(installedNameRegExpSource('a.b*(c)?', 'x')).toBe('^a\\.b.*\\(c\\).$');
    expect(installedNameRegExpSource(null, 'A+B')).toBe('^A\\+B$');
  });

  it.each(['', '   ', '*', '*?*', 'a'.repeat(257), 'Word\n*', 'Word\u0000'])('refuses the malformed pattern %j', (pattern) => {
    expect(installedNamePatternProblem(pattern)).toEqual(expect.any(String));
  });

  it.each(['Contoso Word*', '*code*', 'a', 'x'.repeat(256)])('accepts %s', (pattern) => {
    expect(installedNamePatternProblem(pattern)).toBeUndefined();
  });
});
