/** The bytes of an object (or the manifest) from one DP are not the ones the manifest names. */
export class HashMismatchError extends Error {
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 mismatch for ${what}: expected ${expected}, got ${actual}`);
  }
}

/** The package version cannot fit in the cache (message 10050). */
export class CacheTooSmallError extends Error {
  constructor(
    readonly neededBytes: number,
    readonly limitBytes: number,
    reason: string,
  ) {
    super(`content needs ${neededBytes} bytes, the cache holds at most ${limitBytes} (${reason})`);
  }
}

/** No DP delivered verified content this time; the agent tries again on a later cycle. */
export class ContentUnavailableError extends Error {}
