import { parseOptionsFile, renderOptionsFile } from './options-file';

describe('agent options file', () => {
  it('reads back what it writes, secrets with any printable character included', () => {
    const options = { SDP_TARGETING_URL: 'https://sdp.example.com:3003', SDP_AGENT_ENROLL_SECRET: 'sdp_enr_a#b=c "d" $e' };
    const text = renderOptionsFile(options, ['written by sdp agent package']);
    expect(text).toBe('# written by sdp agent package\nSDP_TARGETING_URL=https://sdp.example.com:3003\nSDP_AGENT_ENROLL_SECRET=sdp_enr_a#b=c "d" $e\n');
    expect(parseOptionsFile(text, 'agent.env')).toEqual(options);
  });

  it('skips comments and blank lines and takes Windows line ends', () => {
    expect(parseOptionsFile('# c\r\n\r\nSDP_AGENT_POLL_SECONDS=60\r\n', 'f')).toEqual({ SDP_AGENT_POLL_SECONDS: '60' });
  });

  it('refuses a line that is not a known NAME=VALUE, naming the file and line', () => {
    expect(() => parseOptionsFile('SDP_AGENT_POLL_SECONDS=1\nPATH=/tmp', '/etc/sdp-agent/agent.env')).toThrow(
      /^\/etc\/sdp-agent\/agent\.env line 2: expected NAME=VALUE/,
    );
    expect(() => parseOptionsFile('just words', 'f')).toThrow('f line 1');
  });

  it('refuses to write a value that would not read back', () => {
    expect(() => renderOptionsFile({ SDP_AGENT_ENROLL_SECRET: 'a\nSDP_TARGETING_URL=http://evil' })).toThrow('SDP_AGENT_ENROLL_SECRET must be one line');
    expect(() => renderOptionsFile({ SDP_AGENT_NAME: ' padded' })).toThrow('SDP_AGENT_NAME');
    expect(() => renderOptionsFile({ PATH: '/bin' } as never)).toThrow('PATH is not an agent option');
  });
});
