import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('hex'));

  it('opens what it sealed, and never shows the secret in the sealed text', () => {
    const sealed = box.seal('sdp-local-secret');
    expect(sealed).not.toContain('sdp-local-secret');
    expect(box.open(sealed)).toBe('sdp-local-secret');
    expect(box.seal('sdp-local-secret')).not.toBe(sealed);
  });

  it('refuses a tampered text and a text sealed under another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), flipped.toString('base64')].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox('abcd')).toThrow('32 bytes');
  });
});
