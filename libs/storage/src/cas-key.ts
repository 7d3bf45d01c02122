const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Prefix under which every content-addressed object lives. */
export const CAS_PREFIX = 'cas/sha256/';

/** Prefix of the staging keys putStream writes to while the hash is still unknown. */
export const STAGING_PREFIX = 'tmp/';

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * Lower-case hex only: a hash is spliced into an object key, so anything else (upper case, path
 * separators, dots) would either alias another object or escape the layout.
 */
export function assertSha256Hex(value: string): void {
  if (!isSha256Hex(value)) {
    throw new TypeError(`not a lower-case hex sha256: ${JSON.stringify(value)}`);
  }
}

/**
 * Two levels of two hex digits fan the objects out over 65,536 directories, which keeps
 * filesystem-backed stores (S3Proxy, MinIO single-disk) fast with millions of objects.
 */
export function casKey(sha256: string): string {
  assertSha256Hex(sha256);
  return `${CAS_PREFIX}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The hash a `cas/` key names, or undefined for any other key. */
export function sha256FromCasKey(key: string): string | undefined {
  const match = /^cas\/sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(key);
  if (!match) return undefined;
  const [, first, second, sha256] = match;
  return sha256.startsWith(first + second) ? sha256 : undefined;
}
