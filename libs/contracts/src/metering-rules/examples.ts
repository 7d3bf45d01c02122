import { MeteringRuleData, MeteringRuleDeletedData } from './metering-rule.schema';

export const meteringRuleExample: MeteringRuleData = {
  id: 'S0100001',
  productName: 'Contoso Word 16',
  fileName: 'WINWORD.EXE',
  originalFileName: 'WinWord.exe',
  fileVersion: '16.*',
  language: null,
  installedSoftwareName: 'Contoso Word 16*',
  platforms: [{ os: 'windows', arch: 'x64' }],
  site: null,
  licencesOwned: 250,
  enabled: true,
  createdAt: '2026-03-02T09:30:00Z',
  updatedAt: '2026-03-02T09:30:00Z',
};

export const meteringRuleDeletedExample: MeteringRuleDeletedData = { id: 'S0100001' };
