import type { ClientMeteringRule } from '@sdp/contracts';
import { ObservedProcess, processMatchesRule } from './process-matcher';

const rule = (fields: Partial<ClientMeteringRule>): ClientMeteringRule => ({
  id: 'S0100001',
  productName: 'P',
  fileName: null,
  originalFileName: null,
  fileVersion: '*',
  language: null,
  ...fields,
});
const process = (fields: Partial<ObservedProcess>): ObservedProcess => ({ pid: 1, startedAt: 0, name: 'code', user: 'alice', ...fields });

describe('which processes are runs of a metering rule', () => {
  it('matches the file name without regard to case', () => {
    expect(processMatchesRule(rule({ fileName: 'WINWORD.EXE' }), process({ name: 'winword.exe' }))).toBe(true);
    expect(processMatchesRule(rule({ fileName: 'WINWORD.EXE' }), process({ name: 'excel.exe' }))).toBe(false);
  });

  it('matches the original file name where the system gives it, and needs it when the rule names nothing else', () => {
    expect(processMatchesRule(rule({ originalFileName: 'WinWord.exe' }), process({ name: 'renamed.exe', originalName: 'WINWORD.EXE' }))).toBe(true);
    expect(processMatchesRule(rule({ originalFileName: 'WinWord.exe' }), process({ name: 'WinWord.exe' }))).toBe(false);
    expect(processMatchesRule(rule({ fileName: 'winword.exe', originalFileName: 'WinWord.exe' }), process({ name: 'winword.exe' }))).toBe(true);
    expect(processMatchesRule(rule({ fileName: 'winword.exe', originalFileName: 'WinWord.exe' }), process({ name: 'winword.exe', originalName: 'other.exe' }))).toBe(false);
  });

  it('matches the version by the pattern; an unknown version only *', () => {
    expect(processMatchesRule(rule({ fileName: 'code', fileVersion: '1.*' }), process({ version: '1.95.3' }))).toBe(true);
    expect(processMatchesRule(rule({ fileName: 'code', fileVersion: '1.*' }), process({ version: '2.0' }))).toBe(false);
    expect(processMatchesRule(rule({ fileName: 'code', fileVersion: '1.*' }), process({}))).toBe(false);
    expect(processMatchesRule(rule({ fileName: 'code' }), process({}))).toBe(true);
  });

  it('matches a language only when the process has that one', () => {
    expect(processMatchesRule(rule({ fileName: 'code', language: 'en-US' }), process({ language: 'EN-us' }))).toBe(true);
    expect(processMatchesRule(rule({ fileName: 'code', language: 'en-US' }), process({ language: 'de-DE' }))).toBe(false);
    expect(processMatchesRule(rule({ fileName: 'code', language: 'en-US' }), process({}))).toBe(false);
  });

  it('never matches a rule that names no executable', () => {
    expect(processMatchesRule(rule({}), process({}))).toBe(false);
  });
});
