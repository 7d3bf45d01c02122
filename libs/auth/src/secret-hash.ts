import { createHash, timingSafeEqual } from 'node:crypto';

const HASHED_SETTING_PREFIX = 'sha256=';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** A secret's sha256 digest written as `sha256=<hex>`, the form configuration may hold. */
export type SecretHash = `sha256=${string}`;

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function hashSecret(secret: string): SecretHash {
  return `${HASHED_SETTING_PREFIX}${sha256(secret).toString('hex')}`;
}

export function isHashedSetting(value: string): boolean {
  return value.startsWith(HASHED_SETTING_PREFIX);
}

/** The digest inside `sha256=<hex>`, or undefined when the hex is not 64 hex digits. */
export function digestOfHashedSetting(value: string): Buffer | undefined {
  const hex = value.slice(HASHED_SETTING_PREFIX.length);
  return SHA256_HEX.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/** Hashing first makes both sides 32 bytes, so the comparison time says nothing about length. */
export function digestsEqual(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A setting that holds either the secret itself or `sha256=<hex>` of it, reduced to its hash so
 * the plaintext need not stay in memory.
 */
export function secretHashFromSetting(setting: string, variableName: string): SecretHash {
  if (!isHashedSetting(setting)) {
    return hashSecret(setting);
  }
  const digest = digestOfHashedSetting(setting);
  if (!digest) {
    throw new Error(`${variableName} starts with sha256= but is not followed by 64 hex digits`);
  }
  return `${HASHED_SETTING_PREFIX}${digest.toString('hex')}`;
}

export function verifySecret(presented: string, expected: SecretHash): boolean {
  const expectedDigest = digestOfHashedSetting(expected);
  if (!expectedDigest) {
    return false;
  }
  return digestsEqual(sha256(presented), expectedDigest);
}
