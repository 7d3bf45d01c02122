import { UsageError } from './errors';
import { ConfigFile, DEFAULT_SETTINGS, parseConfigFile, resolveSettings, SettingsSources } from './settings';

const sources = (overrides: Partial<SettingsSources>): SettingsSources => ({ flags: {}, env: {}, config: undefined, configPath: '/cfg.json', ...overrides });

const config: ConfigFile = {
  defaultProfile: 'lab',
  profiles: {
    lab: { catalogUrl: 'http://lab:3001', token: 'lab-token' },
    prod: { catalogUrl: 'https://prod:3001/', replicationUrl: 'https://prod:3002', token: 'prod-token' },
  },
};

describe('resolveSettings', () => {
  it('uses the local defaults when nothing is set', () => {
    expect(resolveSettings(sources({}))).toEqual(DEFAULT_SETTINGS);
  });

  it('takes a flag over the environment, the environment over the profile, the profile over the default', () => {
    const settings = resolveSettings(
      sources({
        flags: { 'catalog-url': 'http://flag:1', profile: 'prod' },
        env: { SDP_CATALOG_URL: 'http://env:1', SDP_REPLICATION_URL: 'http://env:2' },
        config,
      }),
    );
    expect(settings.urls).toEqual({
      catalog: 'http://flag:1',
      replication: 'http://env:2',
      targeting: DEFAULT_SETTINGS.urls.targeting,
      advertisement: DEFAULT_SETTINGS.urls.advertisement,
      metering: DEFAULT_SETTINGS.urls.metering,
    });
    expect(settings.token).toBe('prod-token');
  });

  it('takes the token from --token, then SDP_TOKEN', () => {
    expect(resolveSettings(sources({ flags: { token: 'flag' }, env: { SDP_TOKEN: 'env' } })).token).toBe('flag');
    expect(resolveSettings(sources({ env: { SDP_TOKEN: 'env' }, config })).token).toBe('env');
  });

  it('selects the profile by --profile, then SDP_PROFILE, then defaultProfile', () => {
    expect(resolveSettings(sources({ env: { SDP_PROFILE: 'prod' }, config })).urls.catalog).toBe('https://prod:3001');
    expect(resolveSettings(sources({ flags: { profile: 'lab' }, env: { SDP_PROFILE: 'prod' }, config })).urls.catalog).toBe('http://lab:3001');
    expect(resolveSettings(sources({ config })).token).toBe('lab-token');
  });

  it('treats empty URLs as unset', () => {
    expect(resolveSettings(sources({ env: { SDP_CATALOG_URL: '' } }))).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses an empty token instead of falling back to the development token', () => {
    expect(() => resolveSettings(sources({ flags: { token: '' } }))).toThrow(/^--token is empty: give the admin token/);
    expect(() => resolveSettings(sources({ flags: { token: '  ' }, env: { SDP_TOKEN: 'env' } }))).toThrow('--token is empty');
    expect(() => resolveSettings(sources({ env: { SDP_TOKEN: '' } }))).toThrow(/^SDP_TOKEN is set but empty/);
    expect(() => resolveSettings(sources({ flags: { profile: 'x' }, config: { profiles: { x: { token: '' } } } }))).toThrow(/^the profile's token is empty/);
    expect(resolveSettings(sources({ flags: { token: 'flag' }, env: { SDP_TOKEN: '' } })).token).toBe('flag');
  });

  it('refuses an unknown profile, a profile without a file, and a URL that is not http(s)', () => {
    expect(() => resolveSettings(sources({ flags: { profile: 'staging' }, config }))).toThrow(new UsageError('no profile "staging" in /cfg.json (profiles: lab, prod)'));
    expect(() => resolveSettings(sources({ flags: { profile: 'lab' } }))).toThrow('there is no config file at /cfg.json');
    expect(() => resolveSettings(sources({ env: { SDP_TARGETING_URL: 'ftp://x' } }))).toThrow('the targeting URL "ftp://x" is not an http(s) URL');
  });
});

describe('parseConfigFile', () => {
  it('accepts profiles of strings', () => {
    expect(parseConfigFile('{"profiles":{"a":{"token":"t"}}}', '/c')).toEqual({ profiles: { a: { token: 't' } } });
  });

  it('explains what is wrong with a broken file', () => {
    expect(() => parseConfigFile('{', '/c')).toThrow(/^\/c is not valid JSON/);
    expect(() => parseConfigFile('[]', '/c')).toThrow('/c must hold a JSON object');
    expect(() => parseConfigFile('{"profiles":{"a":{"token":1}}}', '/c')).toThrow('/c: profile "a": token must be a string');
  });
});
