import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SECRET_ENCRYPTION_KEY_VARIABLE = 'SDP_SECRET_ENCRYPTION_KEY';

/** Local development only: a production start refuses it (see config.ts). */
export const DEV_SECRET_ENCRYPTION_KEY = Buffer.from('sdp-LOCAL-ONLY-dp-secret-key-32b', 'utf8').toString('base64');

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';

export function parseEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64.trim()) {
    throw new Error(`the encryption key must be the base64 encoding of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}

/**
 * Encrypts DP secret keys at rest with AES-256-GCM: a fresh random IV per value, and the
 * authentication tag stored beside it, so a tampered or mis-keyed value fails to decrypt rather
 * than yielding garbage. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64 parts).
 */
export class SecretCipher {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = parseEncryptionKey(base64Key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT_VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, ciphertext] = stored.split(':');
    if (version !== FORMAT_VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('not an encrypted secret of a known format');
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
