import { defaultDataDir } from './default-data-dir';

describe('default data directory per OS', () => {
  it('Linux and other Unix systems use /var/lib/sdp-agent', () => {
    expect(defaultDataDir('linux', {})).toBe('/var/lib/sdp-agent');
    expect(defaultDataDir('freebsd', {})).toBe('/var/lib/sdp-agent');
  });

  it('macOS uses /Library/Application Support/sdp-agent', () => {
    expect(defaultDataDir('darwin', {})).toBe('/Library/Application Support/sdp-agent');
  });

  it('Windows uses %ProgramData%\\sdp-agent', () => {
    expect(defaultDataDir('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\sdp-agent');
    expect(defaultDataDir('win32', {})).toBe('C:\\ProgramData\\sdp-agent');
  });
});
