import { randomBytes } from 'node:crypto';
import { DEV_SECRET_ENCRYPTION_KEY, parseEncryptionKey, SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32).toString('base64'));

  it('round-trips a secret without it appearing in the stored form', () => {
    const stored = cipher.encrypt('sdp-local-secret');
    expect(stored).not.toContain('sdp-local-secret');
    expect(cipher.decrypt(stored)).toBe('sdp-local-secret');
  });

  it('uses a fresh IV, so equal secrets are stored differently', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a tampered value and a value from another key', () => {
    const stored = cipher.encrypt('secret');
    const parts = stored.split(':');
    const flipped = Buffer.from(parts[3], 'base64');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new SecretCipher(randomBytes(32).toString('base64')).decrypt(stored)).toThrow();
    expect(() => cipher.decrypt('plain-text')).toThrow('known format');
  });

  it('accepts only 32-byte base64 keys', () => {
    expect(parseEncryptionKey(DEV_SECRET_ENCRYPTION_KEY)).toHaveLength(32);
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow('32 bytes');
    expect(() => parseEncryptionKey('not base64!')).toThrow();
  });
});
