import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the initial wait and stops at the maximum', () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffDelayMs(attempts, options))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelayMs(10_000, { initialMs: 50, maxMs: 5_000 })).toBe(5_000);
  });

  it('refuses a count below one', () => {
    expect(() => backoffDelayMs(0)).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5)).toThrow(RangeError);
  });
});
