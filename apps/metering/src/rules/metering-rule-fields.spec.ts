import { METERING_RULE_DEFAULTS, meteringRuleProblem, MeteringRuleFields } from './metering-rule-fields';

const rule = (fields: Partial<MeteringRuleFields>): MeteringRuleFields => ({ ...METERING_RULE_DEFAULTS, productName: 'Contoso Word', fileName: 'WINWORD.EXE', ...fields });

describe('metering rule fields', () => {
  it('accepts a rule naming its executable by file name, original file name or both', () => {
    expect(meteringRuleProblem(rule({}))).toBeUndefined();
    expect(meteringRuleProblem(rule({ fileName: null, originalFileName: 'WinWord.exe' }))).toBeUndefined();
    expect(meteringRuleProblem(rule({ originalFileName: 'WinWord.exe', fileVersion: '16.*', language: 'en-US', licencesOwned: 0 }))).toBeUndefined();
    expect(meteringRuleProblem(rule({ installedSoftwareName: 'Contoso Word 1?*' }))).toBeUndefined();
  });

  it('refuses a rule that names no executable, on fileName', () => {
    expect(meteringRuleProblem(rule({ fileName: null, originalFileName: null }))).toEqual({ field: 'fileName', why: expect.stringContaining('originalFileName') });
    expect(meteringRuleProblem(rule({ fileName: '  ', originalFileName: null }))?.field).toBe('fileName');
  });

  it.each<[Partial<MeteringRuleFields>, string]>([
    [{ fileVersion: '16..*' }, 'fileVersion'],
    [{ fileVersion: '' }, 'fileVersion'],
    [{ licencesOwned: -1 }, 'licencesOwned'],
    [{ licencesOwned: 1.5 }, 'licencesOwned'],
    [{ language: 'english (US)' }, 'language'],
    [{ fileName: 'C:\\Program Files\\word.exe' }, 'fileName'],
    [{ originalFileName: 'bin/code' }, 'originalFileName'],
    [{ platforms: [] }, 'platforms'],
    [{ platforms: [{ os: 'beos', arch: 'x64' }] as never }, 'platforms'],
    [{ platforms: 'all' as never }, 'platforms'],
    [{ installedSoftwareName: '' }, 'installedSoftwareName'],
    [{ installedSoftwareName: '*' }, 'installedSoftwareName'],
    [{ installedSoftwareName: 'Word\u0007*' }, 'installedSoftwareName'],
    [{ installedSoftwareName: 'w'.repeat(257) }, 'installedSoftwareName'],
  ])('refuses %j naming %s', (fields, field) => {
    expect(meteringRuleProblem(rule(fields))?.field).toBe(field);
  });
});
