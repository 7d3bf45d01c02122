import { jittered, Limiter } from './scheduling';

describe('jittered', () => {
  it('stays within ±fraction of the base', () => {
    expect(jittered(1000, 0.2, () => 0)).toBe(800);
    expect(jittered(1000, 0.2, () => 0.5)).toBe(1000);
    expect(jittered(1000, 0.2, () => 0.999999)).toBeCloseTo(1200, 2);
  });

  it('spreads 10,000 agents evenly over the window instead of one instant', () => {
    const buckets = new Array<number>(20).fill(0);
    for (let agent = 0; agent < 10_000; agent += 1) {
      const delay = jittered(60_000, 0.2);
      expect(delay).toBeGreaterThanOrEqual(48_000);
      expect(delay).toBeLessThan(72_000);
      buckets[Math.floor((delay - 48_000) / 1_200)] += 1;
    }
    // 500 per 1.2 s bucket on average: none empty, none near a pile-up.
    expect(Math.min(...buckets)).toBeGreaterThan(350);
    expect(Math.max(...buckets)).toBeLessThan(650);
  });
});

describe('Limiter', () => {
  it('never runs more than its limit at once, and runs every operation', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running -= 1;
          return index;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(limiter.active).toBe(0);
  });

  it('frees the slot of an operation that throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new Limiter(0)).toThrow(/positive integer/);
  });
});
