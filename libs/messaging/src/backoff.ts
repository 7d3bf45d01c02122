export interface BackoffOptions {
  /** Wait after the first failure. */
  initialMs: number;
  /** Upper bound of any wait. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 2_000 };

/** Exponential wait before the next attempt, after `failedAttempts` (≥ 1) failures. */
export function backoffDelayMs(failedAttempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a positive integer, got ${failedAttempts}`);
  }
  const exponent = Math.min(failedAttempts - 1, 30);
  return Math.min(options.maxMs, options.initialMs * 2 ** exponent);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
