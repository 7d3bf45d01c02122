import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { ClientCredentialStatus, ClientTokenIssuer, DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS, ClientTokenVerifier, MAX_CLIENT_TOKEN_LIFETIME_SECONDS } from './client-token';
import { ClientTokenKeyPair, generateClientTokenKeyPair } from './client-token-keys';
import { signJws } from './compact-jws';

function keysWithPair(): {
  pair: ClientTokenKeyPair;
  issuer: (now?: () => number) => ClientTokenIssuer;
  verifier: (now?: () => number) => ClientTokenVerifier;
} {
  const pair = generateClientTokenKeyPair();
  return {
    pair,
    issuer: (now) => new ClientTokenIssuer(createPrivateKey(pair.privateKey), now),
    verifier: (now) => new ClientTokenVerifier(createPublicKey(pair.publicKey), now),
  };
}

const keys = keysWithPair;

function segment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('client tokens', () => {
  const now = Date.UTC(2030, 0, 1);

  it('issues a compact EdDSA JWS that verifies back to its claims', async () => {
    const { issuer, verifier } = keys();
    const token = issuer(() => now).issue({ clientId: 'client-1', siteCode: 'S01', tokenId: 'jti-1' });

    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    await expect(verifier(() => now).verify(token)).resolves.toEqual({
      ok: true,
      claims: { sub: 'client-1', site: 'S01', iat: now / 1000, exp: now / 1000 + DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS, jti: 'jti-1', gen: 0 },
    });
  });

  it('gives every token a random jti unless one is given', () => {
    const { issuer } = keys();
    const first = decodePayload(issuer().issue({ clientId: 'c', siteCode: 'S01' }));
    const second = decodePayload(issuer().issue({ clientId: 'c', siteCode: 'S01' }));

    expect(typeof first.jti).toBe('string');
    expect(first.jti).not.toEqual(second.jti);
  });

  it('rejects a token whose payload was changed', async () => {
    const { issuer, verifier } = keys();
    const [header, , signature] = issuer().issue({ clientId: 'client-1', siteCode: 'S01' }).split('.');
    const forged = `${header}.${segment({ sub: 'client-2', site: 'S01', iat: 1 })}.${signature}`;

    await expect(verifier().verify(forged)).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a token whose signature was changed', async () => {
    const { issuer, verifier } = keys();
    const token = issuer().issue({ clientId: 'client-1', siteCode: 'S01' });
    const [header, payload, signature] = token.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] ^= 0x01;

    await expect(verifier().verify(`${header}.${payload}.${bytes.toString('base64url')}`)).resolves.toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a token signed with another key', async () => {
    const token = keys().issuer().issue({ clientId: 'client-1', siteCode: 'S01' });

    await expect(keys().verifier().verify(token)).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects an expired token and accepts it before expiry', async () => {
    const { issuer, verifier } = keys();
    const token = issuer(() => now).issue({ clientId: 'client-1', siteCode: 'S01', expiresInSeconds: 60 });

    expect(decodePayload(token).exp).toBe(now / 1000 + 60);
    await expect(verifier(() => now + 59_000).verify(token)).resolves.toMatchObject({ ok: true });
    await expect(verifier(() => now + 60_000).verify(token)).resolves.toEqual({ ok: false, reason: 'expired' });
  });

  it('remembers a verified token, yet still rejects it once it expires or the client is revoked', async () => {
    const { issuer } = keys();
    let clock = now;
    const pair = generateClientTokenKeyPair();
    const cachedVerifier = new ClientTokenVerifier(createPublicKey(pair.publicKey), () => clock, 2);
    const sign = (clientId: string) =>
      new ClientTokenIssuer(createPrivateKey(pair.privateKey), () => now).issue({ clientId, siteCode: 'S01', expiresInSeconds: 60 });
    const token = sign('client-1');
    let status: ClientCredentialStatus = 'valid';
    const revocations = { statusOf: () => status };

    await expect(cachedVerifier.verify(token, revocations)).resolves.toMatchObject({ ok: true });
    status = 'blocked';
    await expect(cachedVerifier.verify(token, revocations)).resolves.toEqual({ ok: false, reason: 'blocked' });
    status = 'superseded';
    await expect(cachedVerifier.verify(token, revocations)).resolves.toEqual({ ok: false, reason: 'superseded' });
    status = 'valid';
    clock = now + 60_000;
    await expect(cachedVerifier.verify(token, revocations)).resolves.toEqual({ ok: false, reason: 'expired' });
    // A forged token stays rejected, and more clients than the cache holds all still verify.
    clock = now;
    await expect(cachedVerifier.verify(issuer(() => now).issue({ clientId: 'client-x', siteCode: 'S01' }))).resolves.toEqual({ ok: false, reason: 'bad-signature' });
    for (const clientId of ['client-2', 'client-3', 'client-4']) {
      await expect(cachedVerifier.verify(sign(clientId))).resolves.toMatchObject({ ok: true, claims: { sub: clientId } });
    }
  });

  it('asks the revocation list with the client ID and the key generation of the token', async () => {
    const { issuer, verifier } = keys();
    const token = issuer().issue({ clientId: 'rekeyed-client', siteCode: 'S01', keyGeneration: 2 });
    const asked: [string, number][] = [];
    const revocations = {
      statusOf: async (clientId: string, generation: number): Promise<ClientCredentialStatus> => {
        asked.push([clientId, generation]);
        return generation < 3 ? 'superseded' : 'valid';
      },
    };

    await expect(verifier().verify(token, revocations)).resolves.toEqual({ ok: false, reason: 'superseded' });
    await expect(verifier().verify(token, { statusOf: () => 'valid' })).resolves.toMatchObject({ ok: true, claims: { gen: 2 } });
    expect(asked).toEqual([['rekeyed-client', 2]]);
  });

  it('does not consult the revocation list for a forged token', async () => {
    const token = keys().issuer().issue({ clientId: 'c', siteCode: 'S01' });
    const statusOf = jest.fn((): ClientCredentialStatus => 'valid');

    await keys().verifier().verify(token, { statusOf });
    expect(statusOf).not.toHaveBeenCalled();
  });

  it('refuses a token without expiry (issued before tokens expired) unless the caller accepts one', async () => {
    const { pair, verifier } = keysWithPair();
    const legacy = signJws({ sub: 'old-client', site: 'S01', iat: now / 1000 - 86_400 * 300 }, 'JWT', createPrivateKey(pair.privateKey));

    await expect(verifier().verify(legacy)).resolves.toEqual({ ok: false, reason: 'no-expiry' });
    await expect(verifier().verify(legacy, undefined, { allowWithoutExpiry: true })).resolves.toMatchObject({ ok: true, claims: { sub: 'old-client' } });
  });

  it.each([
    ['an expiry beyond the longest lifetime', { iat: now / 1000, exp: now / 1000 + MAX_CLIENT_TOKEN_LIFETIME_SECONDS + 3600 }],
    ['an expiry a year ahead', { iat: now / 1000 + 86_400 * 365, exp: now / 1000 + 86_400 * 365 + 60 }],
    ['a generation that is not a whole number', { iat: now / 1000, exp: now / 1000 + 60, gen: 1.5 }],
  ])('refuses a genuinely signed token with %s', async (_case, times) => {
    const { pair, verifier } = keysWithPair();
    const token = signJws({ sub: 'c', site: 'S01', ...times }, 'JWT', createPrivateKey(pair.privateKey));

    await expect(verifier(() => now).verify(token)).resolves.toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a token of another type signed with the same key, such as a challenge', async () => {
    const { pair, verifier } = keysWithPair();
    const token = signJws({ sub: 'c', site: 'S01', iat: now / 1000, exp: now / 1000 + 60 }, 'sdp-client-challenge+jwt', createPrivateKey(pair.privateKey));

    await expect(verifier(() => now).verify(token)).resolves.toEqual({ ok: false, reason: 'malformed' });
  });

  it('will not issue a token that lasts longer than any service accepts', () => {
    expect(() => keys().issuer().issue({ clientId: 'c', siteCode: 'S01', expiresInSeconds: MAX_CLIENT_TOKEN_LIFETIME_SECONDS + 1 })).toThrow('expiresInSeconds');
  });

  it.each([
    ['an empty string', ''],
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['non-base64url characters', 'a+b.c.d'],
    ['an oversized token', `${'a'.repeat(5000)}.b.c`],
  ])('rejects %s as malformed', async (_case, token) => {
    await expect(keys().verifier().verify(token)).resolves.toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects alg none and other algorithms even with a valid-looking signature', async () => {
    const { verifier } = keys();
    const payload = segment({ sub: 'c', site: 'S01', iat: 1 });

    await expect(verifier().verify(`${segment({ alg: 'none' })}.${payload}.AAAA`)).resolves.toEqual({
      ok: false,
      reason: 'malformed',
    });
    await expect(verifier().verify(`${segment({ alg: 'HS256' })}.${payload}.AAAA`)).resolves.toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects correctly signed payloads that lack required claims', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signed = (claims: object): string => {
      const input = `${segment({ alg: 'EdDSA', typ: 'JWT' })}.${segment(claims)}`;
      return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    };
    const verifier = new ClientTokenVerifier(publicKey);

    const exp = Math.floor(Date.now() / 1000) + 60;
    await expect(verifier.verify(signed({ sub: 'c', site: 'S01', iat: exp - 60, exp }))).resolves.toMatchObject({ ok: true });
    for (const claims of [
      { site: 'S01', iat: 1 },
      { sub: '', site: 'S01', iat: 1 },
      { sub: 'c', iat: 1 },
      { sub: 'c', site: 'S01' },
      { sub: 'c', site: 'S01', iat: 1.5 },
      { sub: 'c', site: 'S01', iat: 1, exp: '2' },
      { sub: 7, site: 'S01', iat: 1 },
    ]) {
      await expect(verifier.verify(signed(claims))).resolves.toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses to issue without a client ID, site or with a bad lifetime', () => {
    const { issuer } = keys();

    expect(() => issuer().issue({ clientId: '', siteCode: 'S01' })).toThrow('client ID and a site code');
    expect(() => issuer().issue({ clientId: 'c', siteCode: '' })).toThrow('client ID and a site code');
    expect(() => issuer().issue({ clientId: 'c', siteCode: 'S01', expiresInSeconds: 0 })).toThrow('whole number from 1');
  });

  it('refuses keys of the wrong kind', () => {
    const pair = generateClientTokenKeyPair();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });

    expect(() => new ClientTokenIssuer(createPublicKey(pair.publicKey))).toThrow('Ed25519 private key');
    expect(() => new ClientTokenVerifier(createPrivateKey(pair.privateKey))).toThrow('Ed25519 public key');
    expect(() => new ClientTokenVerifier(rsa.publicKey)).toThrow('Ed25519 public key');
  });
});
