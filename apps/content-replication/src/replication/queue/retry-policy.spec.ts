import { decideRetry } from './retry-policy';

describe('decideRetry', () => {
  const defaults = { maxAttempts: 10, initialDelayMs: 30_000, maxDelayMs: 1_800_000 };

  it('doubles from 30 s and caps at 30 min', () => {
    const delays = [1, 2, 3, 6, 7, 9].map((attempts) => decideRetry(attempts, defaults));
    expect(delays).toEqual([
      { kind: 'retry', delayMs: 30_000 },
      { kind: 'retry', delayMs: 60_000 },
      { kind: 'retry', delayMs: 120_000 },
      { kind: 'retry', delayMs: 960_000 },
      { kind: 'retry', delayMs: 1_800_000 },
      { kind: 'retry', delayMs: 1_800_000 },
    ]);
  });

  it('gives up after the last attempt', () => {
    expect(decideRetry(10, defaults)).toEqual({ kind: 'give-up' });
    expect(decideRetry(1, { ...defaults, maxAttempts: 1 })).toEqual({ kind: 'give-up' });
  });
});
