import { generateKeyPairSync, sign } from 'node:crypto';
import { clientKeyProofMessage } from '@sdp/contracts';
import { ClientChallenges, clientPublicKeyText, isValidClientKeySignature, parseClientPublicKey } from './client-key';
import { signJws } from './compact-jws';

const now = Date.UTC(2030, 0, 1);

describe('client keys', () => {
  const client = generateKeyPairSync('ed25519');
  const publicKey = clientPublicKeyText(client.publicKey);

  it('reads back the public key the agent sends, and nothing else', () => {
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseClientPublicKey(publicKey)?.asymmetricKeyType).toBe('ed25519');
    expect(clientPublicKeyText(client.privateKey)).toBe(publicKey);
    const rsaDer = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');
    for (const bad of [undefined, 42, '', publicKey.slice(1), `${publicKey}A`, `${publicKey.slice(0, 42)}+`, rsaDer, Buffer.alloc(33).toString('base64url')]) {
      expect(parseClientPublicKey(bad)).toBeUndefined();
    }
  });

  it('accepts only the key holder signature of the proof message of that challenge', () => {
    const key = parseClientPublicKey(publicKey)!;
    const signature = sign(null, clientKeyProofMessage('challenge-1'), client.privateKey).toString('base64url');
    const other = generateKeyPairSync('ed25519');

    expect(isValidClientKeySignature(key, 'challenge-1', signature)).toBe(true);
    expect(isValidClientKeySignature(key, 'challenge-2', signature)).toBe(false);
    expect(isValidClientKeySignature(key, 'challenge-1', sign(null, Buffer.from('challenge-1'), client.privateKey).toString('base64url'))).toBe(false);
    expect(isValidClientKeySignature(key, 'challenge-1', sign(null, clientKeyProofMessage('challenge-1'), other.privateKey).toString('base64url'))).toBe(false);
    expect(isValidClientKeySignature(key, 'challenge-1', signature.slice(2))).toBe(false);
    expect(isValidClientKeySignature(key, 'challenge-1', 7)).toBe(false);
  });
});

describe('client challenges', () => {
  const serviceKey = generateKeyPairSync('ed25519').privateKey;

  it('checks its own challenges until they expire', () => {
    let clock = now;
    const challenges = new ClientChallenges(serviceKey, () => clock, 120);
    const { challenge, expiresAt } = challenges.issue();

    expect(expiresAt).toBe(new Date(now + 120_000).toISOString());
    expect(challenges.check(challenge)).toMatchObject({ ok: true, expiresAt: new Date(now + 120_000) });
    expect(challenges.issue().challenge).not.toBe(challenge);
    clock = now + 120_000;
    expect(challenges.check(challenge)).toEqual({ ok: false, reason: 'expired' });
  });

  it('checks the challenges of a replica with the same key, and its own beyond what it remembers', () => {
    let clock = now;
    const challenges = new ClientChallenges(serviceKey, () => clock, 120, 2);
    const replica = new ClientChallenges(serviceKey, () => clock, 120, 2).issue().challenge;
    const [first, second, third] = [challenges.issue(), challenges.issue(), challenges.issue()].map((issued) => issued.challenge);

    for (const challenge of [replica, first, second, third]) {
      expect(challenges.check(challenge)).toMatchObject({ ok: true, expiresAt: new Date(now + 120_000) });
    }
    // Checked once, a challenge is checked again the same way (using it up is the caller's part).
    expect(challenges.check(third)).toMatchObject({ ok: true });
    const remembered = challenges.issue().challenge;
    clock = now + 120_000;
    expect(challenges.check(remembered)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed copy of a challenge it issued', () => {
    const challenges = new ClientChallenges(serviceKey, () => now);
    const { challenge } = challenges.issue();
    const [header, payload, signature] = challenge.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 3600 })).toString('base64url');

    expect(challenges.check(`${header}.${longer}.${signature}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(challenges.check(`${challenge}x`)).toEqual({ ok: false, reason: 'malformed' });
    expect(challenges.check(challenge)).toMatchObject({ ok: true });
  });

  it('refuses challenges of another service, other kinds of token and junk', () => {
    const challenges = new ClientChallenges(serviceKey, () => now);
    const foreign = new ClientChallenges(generateKeyPairSync('ed25519').privateKey, () => now).issue().challenge;
    const clientTokenShaped = signJws({ nonce: 'n', iat: now / 1000, exp: now / 1000 + 60 }, 'JWT', serviceKey);

    for (const bad of [foreign, clientTokenShaped, '', 'a.b.c', undefined, 12]) {
      expect(challenges.check(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
