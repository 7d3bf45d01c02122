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

  it('refuses challenges of another service, other kinds of token and junk', () => {
    const challenges = new ClientChallenges(serviceKey, () => now);
    const foreign = new ClientChallenges(generateKeyPairSync('ed25519').privateKey, () => now).issue().challenge;
    const clientTokenShaped = signJws({ nonce: 'n', iat: now / 1000, exp: now / 1000 + 60 }, 'JWT', serviceKey);

    for (const bad of [foreign, clientTokenShaped, '', 'a.b.c', undefined, 12]) {
      expect(challenges.check(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
