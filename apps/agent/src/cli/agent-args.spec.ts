import { parseAgentCommand, UsageError } from './agent-args';

const required = ['--enroll-secret', 's3cret'];

describe('agent arguments', () => {
  it('parses every flag', () => {
    const command = parseAgentCommand(
      [
        '--targeting', 'http://t:1', '--advertisement', 'http://a:2', '--replication', 'http://r:3', ...required,
        '--data-dir', '/tmp/agent-1', '--poll-seconds', '60', '--once', '--inventory-file', 'inv.json', '--cache-size-mb', '10', '--name', 'ws-1',
      ],
      {},
      'linux',
    );
    expect(command).toEqual({
      kind: 'service',
      settings: {
        targetingUrl: 'http://t:1',
        advertisementUrl: 'http://a:2',
        replicationUrl: 'http://r:3',
        enrollSecret: 's3cret',
        dataDir: '/tmp/agent-1',
        pollSeconds: 60,
        recheckSeconds: 5,
        once: true,
        inventoryFile: 'inv.json',
        cacheSizeMb: 10,
        name: 'ws-1',
        push: true,
        pushDelayMs: 2000,
        outputTailBytes: 4096,
      },
    });
  });

  it('takes how much program output a report carries from the flag, the environment or the options file, within 256 to 16384 bytes', () => {
    const settingsOf = (argv: string[], env: Record<string, string>, optionsFile = '') => {
      const command = parseAgentCommand([...argv, ...required, ...(optionsFile ? ['--options-file', 'agent.env'] : [])], env, 'linux', () => optionsFile);
      return command.kind === 'service' ? command.settings : undefined;
    };
    expect(settingsOf(['--output-tail-bytes', '8192'], {})).toMatchObject({ outputTailBytes: 8192 });
    expect(settingsOf([], { SDP_AGENT_OUTPUT_TAIL_BYTES: '16384' })).toMatchObject({ outputTailBytes: 16384 });
    expect(settingsOf([], {}, 'SDP_AGENT_OUTPUT_TAIL_BYTES=1024\n')).toMatchObject({ outputTailBytes: 1024 });
    expect(() => settingsOf(['--output-tail-bytes', '16385'], {})).toThrow('--output-tail-bytes must be a whole number from 256 to 16384, got "16385"');
    expect(() => settingsOf(['--output-tail-bytes', 'lots'], {})).toThrow(UsageError);
  });

  it('turns push off by flag or environment, and takes the delay before a pushed poll from the environment', () => {
    const settingsOf = (argv: string[], env: Record<string, string>) => {
      const command = parseAgentCommand([...argv, ...required], env, 'linux');
      return command.kind === 'service' ? command.settings : undefined;
    };
    expect(settingsOf(['--no-push'], {})).toMatchObject({ push: false });
    expect(settingsOf([], { SDP_AGENT_PUSH: '0' })).toMatchObject({ push: false });
    expect(settingsOf([], { SDP_AGENT_PUSH: 'false' })).toMatchObject({ push: false });
    expect(settingsOf([], { SDP_AGENT_PUSH: '1' })).toMatchObject({ push: true });
    expect(settingsOf(['--no-push'], { SDP_AGENT_PUSH: '1' })).toMatchObject({ push: false });
    expect(settingsOf([], { SDP_AGENT_PUSH_DELAY_MS: '0' })).toMatchObject({ push: true, pushDelayMs: 0 });
    expect(() => settingsOf([], { SDP_AGENT_PUSH_DELAY_MS: 'soon' })).toThrow('SDP_AGENT_PUSH_DELAY_MS must be a whole number');
  });

  it('meters only with a metering service, sampling every 5 s unless told otherwise', () => {
    const settingsOf = (argv: string[], env: Record<string, string>) => {
      const command = parseAgentCommand([...argv, ...required], env, 'linux');
      return command.kind === 'service' ? command.settings : undefined;
    };
    expect(settingsOf([], {})).not.toHaveProperty('meteringUrl');
    expect(settingsOf(['--metering', 'http://m:5'], {})).toMatchObject({ meteringUrl: 'http://m:5', meteringSampleSeconds: 5 });
    expect(settingsOf([], { SDP_METERING_URL: 'http://m:5', SDP_AGENT_METERING_SECONDS: '2' })).toMatchObject({ meteringUrl: 'http://m:5', meteringSampleSeconds: 2 });
    expect(settingsOf(['--metering', 'http://m:6', '--metering-seconds', '9'], { SDP_METERING_URL: 'http://m:5' })).toMatchObject({ meteringUrl: 'http://m:6', meteringSampleSeconds: 9 });
    expect(() => settingsOf(['--metering', 'http://m:5', '--metering-seconds', '0'], {})).toThrow('--metering-seconds');
    expect(() => settingsOf(['--metering', 'not a url'], {})).toThrow('--metering');
  });

  it('takes settings from the environment, flags winning, and defaults the rest', () => {
    const command = parseAgentCommand(['--poll-seconds', '30'], {
      SDP_TARGETING_URL: 'http://t:9',
      SDP_AGENT_ENROLL_SECRET: 'from-env',
      SDP_AGENT_POLL_SECONDS: '99',
      SDP_AGENT_ONCE: '1',
      SDP_AGENT_DATA_DIR: '/srv/agent',
      SDP_AGENT_RECHECK_SECONDS: '2',
    }, 'darwin');
    expect(command.kind === 'service' && command.settings).toMatchObject({
      targetingUrl: 'http://t:9',
      advertisementUrl: 'http://127.0.0.1:3004',
      enrollSecret: 'from-env',
      pollSeconds: 30,
      once: true,
      dataDir: '/srv/agent',
      recheckSeconds: 2,
      cacheSizeMb: 5120,
    });
  });

  it('defaults the data dir per OS', () => {
    const command = parseAgentCommand(required, { ProgramData: 'C:\\ProgramData' }, 'win32');
    expect(command.kind === 'service' && command.settings.dataDir).toBe('C:\\ProgramData\\sdp-agent');
  });

  it('knows the subcommands and help', () => {
    expect(parseAgentCommand(['--help'], {}, 'linux')).toEqual({ kind: 'help' });
    expect(parseAgentCommand(['available', ...required], {}, 'linux').kind).toBe('available');
    expect(parseAgentCommand(['run', 'S0100004', ...required], {}, 'linux')).toMatchObject({ kind: 'run', advertisementId: 'S0100004' });
    expect(parseAgentCommand(['--version'], {}, 'linux')).toEqual({ kind: 'version' });
  });

  it('supervises the service with the same options, its confirmation timeout from the environment', () => {
    const argv = ['supervise', '--data-dir', '/var/lib/x', '--poll-seconds', '60', ...required];
    expect(parseAgentCommand(argv, {}, 'linux')).toMatchObject({
      kind: 'supervise',
      settings: { dataDir: '/var/lib/x', pollSeconds: 60 },
      serviceArgs: ['--data-dir', '/var/lib/x', '--poll-seconds', '60', ...required],
      confirmTimeoutSeconds: 120,
    });
    expect(parseAgentCommand(argv, { SDP_AGENT_UPDATE_CONFIRM_SECONDS: '30' }, 'linux')).toMatchObject({ confirmTimeoutSeconds: 30 });
    expect(() => parseAgentCommand(argv, { SDP_AGENT_UPDATE_CONFIRM_SECONDS: '0' }, 'linux')).toThrow('SDP_AGENT_UPDATE_CONFIRM_SECONDS must be a positive integer');
  });

  it('takes an options file below flags and the environment, from --options-file or SDP_AGENT_OPTIONS_FILE', () => {
    const files: Record<string, string> = {
      '/etc/sdp-agent/agent.env': 'SDP_TARGETING_URL=https://t.example:3003\nSDP_AGENT_ENROLL_SECRET=baked\nSDP_AGENT_POLL_SECONDS=600\nSDP_AGENT_DATA_DIR=/var/lib/sdp-agent\n',
    };
    const read = (path: string) => {
      if (!(path in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[path];
    };
    const settingsOf = (argv: string[], env: Record<string, string>) => {
      const command = parseAgentCommand(argv, env, 'linux', read);
      return command.kind === 'service' ? command.settings : undefined;
    };
    expect(settingsOf(['--options-file', '/etc/sdp-agent/agent.env'], {})).toMatchObject({
      targetingUrl: 'https://t.example:3003',
      enrollSecret: 'baked',
      pollSeconds: 600,
      dataDir: '/var/lib/sdp-agent',
    });
    expect(settingsOf(['--poll-seconds', '5'], { SDP_AGENT_OPTIONS_FILE: '/etc/sdp-agent/agent.env', SDP_AGENT_ENROLL_SECRET: 'env' })).toMatchObject({
      enrollSecret: 'env',
      pollSeconds: 5,
      targetingUrl: 'https://t.example:3003',
    });
    expect(() => settingsOf(['--options-file', '/missing.env'], {})).toThrow('cannot read the options file /missing.env: ENOENT');
    files['/bad.env'] = 'HOME=/root\n';
    expect(() => settingsOf(['--options-file', '/bad.env'], {})).toThrow(UsageError);
  });

  it('prints its version without needing a secret', () => {
    expect(parseAgentCommand(['--version'], {}, 'linux')).toEqual({ kind: 'version' });
  });

  it.each([
    [['--poll-seconds', '0', ...required], '--poll-seconds must be a positive integer'],
    [['--cache-size-mb', 'lots', ...required], '--cache-size-mb must be a positive integer'],
    [['--targeting', 'ftp://x', ...required], '--targeting must be an http(s) URL'],
    [[], '--enroll-secret (or SDP_AGENT_ENROLL_SECRET) is required'],
    [['run', ...required], 'usage: sdp-agent run ADVERTISEMENT_ID'],
    [['install', ...required], 'unknown command "install"'],
    [['supervise', 'extra', ...required], 'usage: sdp-agent supervise [OPTIONS]'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseAgentCommand(argv, {}, 'linux')).toThrow(UsageError);
    expect(() => parseAgentCommand(argv, {}, 'linux')).toThrow(message);
  });
});
