import { DEV_CLIENT_TOKEN_KEYPAIR, generateClientTokenKeyPair } from './client-token-keys';
import { assertNoDevelopmentDefaultsInProduction, isUsingDevelopmentDefaults } from './development-defaults';
import { hashSecret } from './secret-hash';

describe('development defaults', () => {
  const production = generateClientTokenKeyPair();
  const configured = {
    SDP_ADMIN_TOKENS: 'a-long-production-token:admin',
    SDP_CLIENT_TOKEN_PUBLIC_KEY: production.publicKey,
    SDP_CLIENT_TOKEN_PRIVATE_KEY: production.privateKey,
    SDP_ENROLLMENT_SECRET: hashSecret('a-real-enrollment-secret'),
  };

  it('reports every default when nothing is configured', () => {
    expect(isUsingDevelopmentDefaults({}).defaults.map((entry) => entry.variable)).toEqual([
      'SDP_ADMIN_TOKENS',
      'SDP_CLIENT_TOKEN_PUBLIC_KEY',
      'SDP_ENROLLMENT_SECRET',
    ]);
  });

  it('reports nothing when everything is configured', () => {
    expect(isUsingDevelopmentDefaults(configured)).toEqual({ inUse: false, defaults: [] });
  });

  it.each([
    ['SDP_ADMIN_TOKENS', 'ops-token:viewer,dev-admin-token:operator'],
    ['SDP_ADMIN_TOKENS', `${hashSecret('dev-admin-token')}:admin`],
    ['SDP_CLIENT_TOKEN_PUBLIC_KEY', DEV_CLIENT_TOKEN_KEYPAIR.publicKey],
    ['SDP_CLIENT_TOKEN_PRIVATE_KEY', DEV_CLIENT_TOKEN_KEYPAIR.privateKey],
    ['SDP_ENROLLMENT_SECRET', 'dev-enroll-secret'],
    ['SDP_ENROLLMENT_SECRET', hashSecret('dev-enroll-secret')],
  ])('spots %s set explicitly to its default', (variable, value) => {
    const report = isUsingDevelopmentDefaults({ ...configured, [variable]: value });

    expect(report.inUse).toBe(true);
    expect(report.defaults.map((entry) => entry.variable)).toEqual([variable]);
  });

  it('does not count an unset private key: only the issuing service needs one', () => {
    const { SDP_CLIENT_TOKEN_PRIVATE_KEY: _unused, ...withoutPrivateKey } = configured;

    expect(isUsingDevelopmentDefaults(withoutPrivateKey).inUse).toBe(false);
  });

  it('refuses production with defaults and allows it without', () => {
    expect(() => assertNoDevelopmentDefaultsInProduction({ NODE_ENV: 'production' })).toThrow(
      'Refusing to start with NODE_ENV=production while local development defaults are in use: SDP_ADMIN_TOKENS, SDP_CLIENT_TOKEN_PUBLIC_KEY, SDP_ENROLLMENT_SECRET',
    );
    expect(() => assertNoDevelopmentDefaultsInProduction({ ...configured, NODE_ENV: 'production' })).not.toThrow();
    expect(() => assertNoDevelopmentDefaultsInProduction({ NODE_ENV: 'development' })).not.toThrow();
  });
});
