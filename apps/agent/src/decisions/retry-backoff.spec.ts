import { backoffMs, decideRetry, nominalBackoffSeconds, retrySettingsOf } from './retry-backoff';

describe('retry back-off', () => {
  const settings = { maxAttempts: 10, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 };

  it('doubles from the first wait and stops at the longest', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failed) => nominalBackoffSeconds(settings, failed))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });

  it('jitters each wait within ±25 % of its nominal value', () => {
    expect(backoffMs(settings, 2, () => 0)).toBe(90_000);
    expect(backoffMs(settings, 2, () => 0.5)).toBe(120_000);
    expect(backoffMs(settings, 2, () => 0.999_999)).toBeLessThanOrEqual(150_000);
    expect(backoffMs(settings, 2, () => 0.999_999)).toBeGreaterThan(149_000);
    for (let index = 0; index < 1000; index += 1) {
      const wait = backoffMs(settings, 7);
      expect(wait).toBeGreaterThanOrEqual(2_700_000);
      expect(wait).toBeLessThanOrEqual(4_500_000);
    }
  });

  it('schedules another attempt until the last one allowed, which is final', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const three = { maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 };
    expect(decideRetry(three, 0, now, () => 0.5)).toEqual({ kind: 'retry', attempt: 1, maxAttempts: 3, nextAttemptAt: new Date('2026-03-02T10:01:00Z') });
    expect(decideRetry(three, 1, now, () => 0.5)).toEqual({ kind: 'retry', attempt: 2, maxAttempts: 3, nextAttemptAt: new Date('2026-03-02T10:02:00Z') });
    expect(decideRetry(three, 2, now)).toEqual({ kind: 'final', attempt: 3, maxAttempts: 3 });
    expect(decideRetry({ ...three, maxAttempts: 1 }, 0, now)).toEqual({ kind: 'final', attempt: 1, maxAttempts: 1 });
  });

  it('uses the documented defaults for a policy written before retry settings existed', () => {
    expect(retrySettingsOf({ retry: undefined as never })).toEqual({ maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 });
  });
});
