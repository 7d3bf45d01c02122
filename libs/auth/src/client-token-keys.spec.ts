import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  belongToSameKeyPair,
  DEV_CLIENT_TOKEN_KEYPAIR,
  generateClientTokenKeyPair,
  loadClientTokenPrivateKey,
  loadClientTokenPublicKey,
  parseClientTokenPrivateKey,
  parseClientTokenPublicKey,
} from './client-token-keys';

function derBase64(pem: string, kind: 'private' | 'public'): string {
  return kind === 'private'
    ? createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).toString('base64')
    : createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

describe('client token keys', () => {
  const pair = generateClientTokenKeyPair();

  it('generates an Ed25519 pair as PEM whose halves belong together', () => {
    expect(pair.privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(pair.publicKey).toContain('-----BEGIN PUBLIC KEY-----');
    expect(belongToSameKeyPair(parseClientTokenPrivateKey(pair.privateKey), parseClientTokenPublicKey(pair.publicKey))).toBe(true);
    expect(belongToSameKeyPair(parseClientTokenPrivateKey(pair.privateKey), parseClientTokenPublicKey(generateClientTokenKeyPair().publicKey))).toBe(false);
  });

  it('checks in a development pair whose halves belong together', () => {
    expect(
      belongToSameKeyPair(
        parseClientTokenPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey),
        parseClientTokenPublicKey(DEV_CLIENT_TOKEN_KEYPAIR.publicKey),
      ),
    ).toBe(true);
  });

  it('reads PEM, PEM with literal \\n and base64 DER', () => {
    const expected = parseClientTokenPublicKey(pair.publicKey);
    const oneLinePem = pair.publicKey.trim().replace(/\n/g, '\\n');

    expect(belongToSameKeyPair(parseClientTokenPublicKey(oneLinePem), expected)).toBe(true);
    expect(belongToSameKeyPair(parseClientTokenPublicKey(derBase64(pair.publicKey, 'public')), expected)).toBe(true);
    expect(belongToSameKeyPair(parseClientTokenPrivateKey(derBase64(pair.privateKey, 'private')), expected)).toBe(true);
  });

  it('uses the development pair only when the variables are unset', () => {
    const devPublic = parseClientTokenPublicKey(DEV_CLIENT_TOKEN_KEYPAIR.publicKey);

    expect(belongToSameKeyPair(loadClientTokenPublicKey({}), devPublic)).toBe(true);
    expect(belongToSameKeyPair(loadClientTokenPrivateKey({ SDP_CLIENT_TOKEN_PRIVATE_KEY: ' ' }), devPublic)).toBe(true);
    expect(belongToSameKeyPair(loadClientTokenPublicKey({ SDP_CLIENT_TOKEN_PUBLIC_KEY: pair.publicKey }), devPublic)).toBe(false);
  });

  it('names the variable and never echoes the key when a key is bad', () => {
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const privateDer = derBase64(pair.privateKey, 'private');
    const cases: Array<[() => unknown, string]> = [
      [() => loadClientTokenPublicKey({ SDP_CLIENT_TOKEN_PUBLIC_KEY: 'not a key!' }), 'SDP_CLIENT_TOKEN_PUBLIC_KEY is not a valid Ed25519 public key'],
      [() => parseClientTokenPublicKey(rsaPem), 'SDP_CLIENT_TOKEN_PUBLIC_KEY is not a valid Ed25519 public key'],
      [() => parseClientTokenPublicKey(pair.privateKey), 'SDP_CLIENT_TOKEN_PUBLIC_KEY is not a valid Ed25519 public key'],
      [() => parseClientTokenPublicKey(privateDer), 'SDP_CLIENT_TOKEN_PUBLIC_KEY is not a valid Ed25519 public key'],
      [() => loadClientTokenPrivateKey({ SDP_CLIENT_TOKEN_PRIVATE_KEY: privateDer.slice(0, 20) }), 'SDP_CLIENT_TOKEN_PRIVATE_KEY is not a valid Ed25519 private key'],
      [() => parseClientTokenPrivateKey(pair.publicKey), 'SDP_CLIENT_TOKEN_PRIVATE_KEY is not a valid Ed25519 private key'],
    ];
    for (const [load, message] of cases) {
      let error: Error | undefined;
      try {
        load();
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toContain(message);
      expect(error?.message).not.toContain(privateDer.slice(0, 20));
      expect(error?.message).not.toContain('MC4CAQ');
    }
  });
});
