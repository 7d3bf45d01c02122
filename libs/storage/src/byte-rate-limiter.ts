/**
 * Token bucket in bytes. Pure arithmetic over a caller-supplied clock so the pacing can be tested
 * without waiting. The balance may go negative: a chunk larger than the bucket is let through
 * after the delay that pays its debt, so any chunk size works with any rate.
 */
export class ByteRateLimiter {
  private tokens: number;
  private lastRefillMs: number;

  /**
   * @param bytesPerSecond sustained rate
   * @param burstBytes how far ahead of the rate a stream may get after it was idle; by default a
   *   tenth of a second of traffic, so a stream stalled by a slow reader cannot later sprint far
   *   above the limit
   */
  constructor(
    readonly bytesPerSecond: number,
    nowMs: number,
    readonly burstBytes: number = Math.max(1, Math.floor(bytesPerSecond / 10)),
  ) {
    if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) {
      throw new RangeError(`rate must be a positive number of bytes per second, got ${bytesPerSecond}`);
    }
    this.tokens = burstBytes;
    this.lastRefillMs = nowMs;
  }

  /** Takes `bytes` from the bucket and returns how many milliseconds to hold them back. */
  reserve(bytes: number, nowMs: number): number {
    const elapsedMs = Math.max(0, nowMs - this.lastRefillMs);
    this.lastRefillMs = nowMs;
    this.tokens = Math.min(this.burstBytes, this.tokens + (elapsedMs * this.bytesPerSecond) / 1000);
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond;
  }
}
