import { parseOptionsFile } from '@sdp/agent-options';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { loopbackUrls, optionsFileText, packageRequest } from './package-request';

const urls = { ...DEFAULT_SETTINGS.urls, targeting: 'https://sdp.example.com:3003', advertisement: 'https://sdp.example.com:3004', replication: 'http://dp.example.com:3002', metering: 'https://sdp.example.com:3005' };
const valuesOf = (...argv: string[]) => inputOf(['agent', 'package', ...argv]).values;

describe('sdp agent package options', () => {
  it('bakes the CLI service URLs, the secret and the agent options in, and finds the executable of type and arch', () => {
    const request = packageRequest(valuesOf('--type', 'deb', '--enroll-secret', 'sdp_enr_x', '--arch', 'arm64', '--poll-seconds', '600', '--cache-size-mb', '100', '--no-push', '--output', 'out'), urls, {});
    expect(request).toEqual({
      type: 'deb',
      arch: 'arm64',
      executable: 'sdp-agent-linux-arm64',
      outputDir: 'out',
      executablesDir: 'dist/agent-executables',
      options: {
        SDP_TARGETING_URL: 'https://sdp.example.com:3003',
        SDP_ADVERTISEMENT_URL: 'https://sdp.example.com:3004',
        SDP_REPLICATION_URL: 'http://dp.example.com:3002',
        SDP_METERING_URL: 'https://sdp.example.com:3005',
        SDP_AGENT_ENROLL_SECRET: 'sdp_enr_x',
        SDP_AGENT_POLL_SECONDS: '600',
        SDP_AGENT_CACHE_SIZE_MB: '100',
        SDP_AGENT_PUSH: '0',
      },
    });
  });

  it('takes the global URL flags, the secret and the executables folder from the environment', () => {
    const input = inputOf(['agent', 'package', '--type', 'windows', '--targeting-url', 'https://t.example']);
    expect(input.values['targeting-url']).toBe('https://t.example');
    const request = packageRequest(input.values, urls, { SDP_AGENT_ENROLL_SECRET: 'from-env', SDP_AGENT_EXECUTABLES: '/srv/exe' });
    expect(request).toMatchObject({ type: 'windows', arch: 'x64', executable: 'sdp-agent-windows-x64.exe', executablesDir: '/srv/exe', outputDir: '.' });
    expect(request.options.SDP_AGENT_ENROLL_SECRET).toBe('from-env');
    expect(packageRequest(valuesOf('--type', 'macos', '--enroll-secret', 's'), urls, {}).executable).toBe('sdp-agent-darwin-x64');
    expect(packageRequest(valuesOf('--type', 'rpm', '--enroll-secret', 's'), urls, {}).executable).toBe('sdp-agent-linux-x64');
  });

  it.each([
    [['--enroll-secret', 's'], '--type is required (deb, rpm, windows, macos)'],
    [['--type', 'msi', '--enroll-secret', 's'], '--type must be one of deb, rpm, windows, macos, not "msi"'],
    [['--type', 'deb'], '--enroll-secret (or SDP_AGENT_ENROLL_SECRET) is required'],
    [['--type', 'deb', '--enroll-secret', ''], '--enroll-secret (or SDP_AGENT_ENROLL_SECRET) is required'],
    [['--type', 'windows', '--arch', 'arm64', '--enroll-secret', 's'], '--type windows is built for x64 only, not arm64'],
    [['--type', 'deb', '--arch', 'ppc', '--enroll-secret', 's'], '--arch must be one of x64, arm64'],
    [['--type', 'deb', '--enroll-secret', 's', '--poll-seconds', '0'], '--poll-seconds must be between 1'],
  ])('refuses %j', (argv, message) => {
    expect(() => packageRequest(valuesOf(...argv), urls, {})).toThrow(message);
  });

  it('writes an options file the agent reads back, secret included, and says which URLs name this computer', () => {
    const request = packageRequest(valuesOf('--type', 'deb', '--enroll-secret', 'sdp_enr_#x'), { ...urls, replication: 'http://127.0.0.1:3002' }, {});
    const text = optionsFileText(request, '1.2.3');
    expect(text).toMatch(/^# sdp-agent 1\.2\.3 options/);
    expect(parseOptionsFile(text, 'agent.env')).toEqual(request.options);
    expect(loopbackUrls(request.options)).toEqual(['http://127.0.0.1:3002']);
  });
});
