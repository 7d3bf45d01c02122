import { loadAuthConfig, loadClientTokenIssuer } from './auth-config';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { generateClientTokenKeyPair } from './client-token-keys';

describe('loadAuthConfig', () => {
  it('runs on local defaults: dev admin token and tokens the dev key pair signs', async () => {
    const config = loadAuthConfig({}, { issuesClientTokens: true });
    const token = config.clientTokenIssuer?.issue({ clientId: 'c1', siteCode: 'S01' }) ?? '';

    expect(config.adminTokens.authenticate('dev-admin-token')?.role).toBe('admin');
    await expect(config.clientTokenVerifier.verify(token)).resolves.toMatchObject({ ok: true });
  });

  it('only builds an issuer for the service that asks for one', () => {
    expect(loadAuthConfig({}).clientTokenIssuer).toBeUndefined();
  });

  it('uses the configured key pair', async () => {
    const pair = generateClientTokenKeyPair();
    const env = { SDP_CLIENT_TOKEN_PRIVATE_KEY: pair.privateKey, SDP_CLIENT_TOKEN_PUBLIC_KEY: pair.publicKey };
    const token = loadClientTokenIssuer(env).issue({ clientId: 'c1', siteCode: 'S01' });

    await expect(loadAuthConfig(env).clientTokenVerifier.verify(token)).resolves.toMatchObject({ ok: true });
    await expect(loadAuthConfig({}).clientTokenVerifier.verify(token)).resolves.toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a private key that does not belong to the public key', () => {
    const env = { SDP_CLIENT_TOKEN_PUBLIC_KEY: generateClientTokenKeyPair().publicKey };

    expect(() => loadAuthConfig(env, { issuesClientTokens: true })).toThrow(
      'SDP_CLIENT_TOKEN_PRIVATE_KEY does not belong to SDP_CLIENT_TOKEN_PUBLIC_KEY',
    );
  });

  it('surfaces bad admin token configuration at load time', () => {
    expect(() => loadAuthConfig({ SDP_ADMIN_TOKENS: 'nope' })).toThrow('SDP_ADMIN_TOKENS entry 1 of 1');
  });

  it('builds the failure throttle and surfaces its bad settings at load time', () => {
    expect(loadAuthConfig({}).failureThrottle).toBeInstanceOf(AuthFailureThrottle);
    expect(() => loadAuthConfig({ SDP_TRUSTED_PROXIES: 'gateway' })).toThrow(
      'configuration error: SDP_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges',
    );
  });
});
