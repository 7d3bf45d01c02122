export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'give-up' };

/** After `attempts` failed attempts: wait initial × 2^(attempts−1), capped, or give up at the last. */
export function decideRetry(attempts: number, policy: RetryPolicy): RetryDecision {
  if (attempts >= policy.maxAttempts) return { kind: 'give-up' };
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  return { kind: 'retry', delayMs: Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent) };
}
