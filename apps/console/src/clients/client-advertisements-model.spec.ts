import { applyingFirst, appliesText, failureFacts, stateTone, versionText } from './client-advertisements-model';
import { ClientAdvertisementEntry } from '../api/types';

function ad(name: string, applies: boolean): ClientAdvertisementEntry {
  return {
    advertisementId: `id-${name}`,
    advertisementName: name,
    packageId: 'S0100001',
    packageName: 'Tool',
    programName: 'Install',
    applies,
    reason: applies ? null : 'the computer is not in collection S0100004',
    state: null,
    messageId: null,
    messageText: null,
    packageVersion: null,
    lastReportAt: null,
    lastFailure: null,
  };
}

describe('client advertisements model', () => {
  it('colours states by outcome', () => {
    expect(stateTone('SUCCEEDED')).toBe('ok');
    expect(stateTone('FAILED')).toBe('bad');
    expect(stateTone('RUNNING')).toBe('warn');
    expect(stateTone('WILL_NOT_RERUN')).toBe('none');
    expect(stateTone(null)).toBe('none');
  });

  it("says why an advertisement does not apply in Explain's words", () => {
    expect(appliesText(ad('a', true))).toBe('Applies');
    expect(appliesText(ad('b', false))).toBe('Does not apply: the computer is not in collection S0100004');
    expect(appliesText({ applies: false, reason: null })).toBe('Does not apply');
  });

  it('writes a package version as v<n>, a dash when none', () => {
    expect(versionText(3)).toBe('v3');
    expect(versionText(null)).toBe('—');
  });

  it('tells what a failed run reported and leaves out what it did not', () => {
    expect(failureFacts({ state: 'FAILED', exitCode: 3, messageId: 10006, messageText: 'The program failed', packageVersion: 2, detail: 'exit code 3' })).toEqual([
      'FAILED',
      'exit code 3',
      '10006 The program failed',
      'package v2',
      'exit code 3',
    ]);
    expect(failureFacts({ state: 'FAILED', exitCode: null, messageId: null, messageText: null, packageVersion: null, detail: null })).toEqual(['FAILED']);
  });

  it('lists the advertisements that apply first, each group in the order given', () => {
    expect(applyingFirst([ad('a', false), ad('b', true), ad('c', false), ad('d', true)]).map((item) => item.advertisementName)).toEqual(['b', 'd', 'a', 'c']);
  });
});
