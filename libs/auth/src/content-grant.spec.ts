import { generateClientTokenKeyPair, parseClientTokenPrivateKey, parseClientTokenPublicKey } from './client-token-keys';
import { ClientTokenIssuer } from './client-token';
import { ContentGrantIssuer, ContentGrantVerifier, DEV_CONTENT_GRANT_KEYPAIR, loadContentGrantIssuer, loadContentGrantVerifier } from './content-grant';
import { isUsingDevelopmentDefaults } from './development-defaults';

describe('content grants', () => {
  let now = Date.parse('2026-12-05T12:00:00Z');
  const clock = () => now;
  const issuer = new ContentGrantIssuer(parseClientTokenPrivateKey(DEV_CONTENT_GRANT_KEYPAIR.privateKey), 900, clock);
  const verifier = new ContentGrantVerifier(parseClientTokenPublicKey(DEV_CONTENT_GRANT_KEYPAIR.publicKey), clock);
  const expected = { clientId: 'c1', packageId: 'S0100001', version: 3 };

  it('lets the client it was made for fetch that version of that package until it expires', () => {
    const { grant, expiresAt } = issuer.issue('c1', 'S0100001', 3);
    expect(expiresAt).toBe('2026-12-05T12:15:00.000Z');
    expect(verifier.check(grant, expected)).toEqual({ ok: true });
    now += 899_000;
    expect(verifier.check(grant, expected)).toEqual({ ok: true });
    now += 1_000;
    expect(verifier.check(grant, expected)).toEqual({ ok: false, reason: 'the content grant has expired; ask the advertisement service for a new one' });
    now -= 900_000;
  });

  it('refuses grants for another client, package or version, forged or malformed ones, and client tokens', () => {
    const { grant } = issuer.issue('c1', 'S0100001', 3);
    expect(verifier.check(grant, { ...expected, clientId: 'c2' })).toEqual({ ok: false, reason: 'the content grant was made for another client' });
    expect(verifier.check(grant, { ...expected, version: 4 })).toMatchObject({ ok: false, reason: expect.stringContaining('not S0100001 version 4') });
    expect(verifier.check(grant, { ...expected, packageId: 'S0100002' })).toMatchObject({ ok: false });
    const foreign = new ContentGrantIssuer(parseClientTokenPrivateKey(generateClientTokenKeyPair().privateKey), 900, clock).issue('c1', 'S0100001', 3);
    expect(verifier.check(foreign.grant, expected)).toEqual({ ok: false, reason: 'the content grant is not signed by the advertisement service' });
    const [header, , signature] = grant.split('.');
    const widened = Buffer.from(JSON.stringify({ sub: 'c1', pkg: 'S0100001', ver: 3, iat: 0, exp: 9_999_999_999 })).toString('base64url');
    expect(verifier.check(`${header}.${widened}.${signature}`, expected)).toMatchObject({ ok: false, reason: expect.stringContaining('not signed') });
    expect(verifier.check('not.a.grant', expected)).toMatchObject({ ok: false });
    expect(verifier.check('x'.repeat(5000), expected)).toEqual({ ok: false, reason: 'the content grant is malformed' });
    // A client token signed with the grant key is still no grant: its type differs.
    const token = new ClientTokenIssuer(parseClientTokenPrivateKey(DEV_CONTENT_GRANT_KEYPAIR.privateKey), clock).issue({ clientId: 'c1', siteCode: 'S01' });
    expect(verifier.check(token, expected)).toEqual({ ok: false, reason: 'the content grant is malformed' });
  });

  it('loads keys from the environment, the development pair only outside production, and reports it as a default', () => {
    expect(() => loadContentGrantVerifier({ NODE_ENV: 'production' })).toThrow('SDP_CONTENT_GRANT_PUBLIC_KEY must be set');
    expect(() => loadContentGrantIssuer({ NODE_ENV: 'production' })).toThrow('SDP_CONTENT_GRANT_PRIVATE_KEY must be set');
    expect(() => loadContentGrantVerifier({ SDP_CONTENT_GRANT_PUBLIC_KEY: 'garbage' })).toThrow('SDP_CONTENT_GRANT_PUBLIC_KEY is not a valid Ed25519 public key');
    const pair = generateClientTokenKeyPair();
    const grant = loadContentGrantIssuer({ SDP_CONTENT_GRANT_PRIVATE_KEY: pair.privateKey }).issue('c1', 'S0100001', 3).grant;
    expect(loadContentGrantVerifier({ SDP_CONTENT_GRANT_PUBLIC_KEY: pair.publicKey }).check(grant, expected)).toEqual({ ok: true });
    const report = isUsingDevelopmentDefaults({ SDP_CONTENT_GRANT_PUBLIC_KEY: DEV_CONTENT_GRANT_KEYPAIR.publicKey });
    expect(report.defaults.map((d) => d.variable)).toContain('SDP_CONTENT_GRANT_PUBLIC_KEY');
  });
});
