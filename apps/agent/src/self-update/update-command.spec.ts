import { parseUpdateCommand } from './update-command';

describe('parseUpdateCommand', () => {
  it('names the new executable of an agent update', () => {
    expect(parseUpdateCommand('@sdp-agent-update sdp-agent-linux-x64')).toEqual({ executable: 'sdp-agent-linux-x64' });
    expect(parseUpdateCommand('  @sdp-agent-update   bin/sdp-agent.exe ')).toEqual({ executable: 'bin/sdp-agent.exe' });
  });

  it('leaves every ordinary command line to the shell', () => {
    expect(parseUpdateCommand('./install.sh')).toBeNull();
    expect(parseUpdateCommand('@sdp-agent-updater x')).toBeNull();
    expect(parseUpdateCommand('echo @sdp-agent-update x')).toBeNull();
  });

  it('gives an empty path when none is named, which the updater refuses as not in the package', () => {
    expect(parseUpdateCommand('@sdp-agent-update')).toEqual({ executable: '' });
  });
});
