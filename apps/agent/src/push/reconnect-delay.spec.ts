import { reconnectDelayMs } from './reconnect-delay';

describe('reconnect delay', () => {
  const bounds = { minMs: 1_000, maxMs: 60_000 };

  it('lies between the minimum and a ceiling that doubles with each failure, capped at the maximum', () => {
    expect(reconnectDelayMs(1, bounds, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(1, bounds, () => 1)).toBe(2_000);
    expect(reconnectDelayMs(3, bounds, () => 1)).toBe(8_000);
    expect(reconnectDelayMs(6, bounds, () => 1)).toBe(60_000);
    expect(reconnectDelayMs(1_000, bounds, () => 1)).toBe(60_000);
    expect(reconnectDelayMs(1_000, bounds, () => 0)).toBe(1_000);
  });

  it('spreads real random delays over the whole range', () => {
    const delays = Array.from({ length: 2_000 }, () => reconnectDelayMs(10, bounds));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
    // Jitter: not one value, and both halves of the range are used.
    expect(delays.some((delay) => delay < 30_000)).toBe(true);
    expect(delays.some((delay) => delay > 30_000)).toBe(true);
  });

  it('never goes below the minimum nor above the maximum, even if they are inverted', () => {
    expect(reconnectDelayMs(1, { minMs: 500, maxMs: 100 }, () => 1)).toBe(100);
    expect(reconnectDelayMs(0, { minMs: 10, maxMs: 100 }, () => 1)).toBe(20);
  });
});
