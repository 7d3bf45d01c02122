import { ByteRateLimiter } from './byte-rate-limiter';

/** Feeds equal chunks back to back, honouring each returned delay; returns when the last may leave. */
function paceChunks(limiter: ByteRateLimiter, chunkSize: number, count: number): number {
  let now = 0;
  for (let i = 0; i < count; i++) {
    now += limiter.reserve(chunkSize, now);
  }
  return now;
}

describe('ByteRateLimiter', () => {
  it('lets the initial burst through without delay', () => {
    const limiter = new ByteRateLimiter(1000, 0, 100);
    expect(limiter.reserve(100, 0)).toBe(0);
  });

  it('delays exactly as long as the rate needs beyond the burst', () => {
    const limiter = new ByteRateLimiter(1000, 0, 100);
    expect(limiter.reserve(600, 0)).toBe(500);
  });

  it.each([7, 1500, 64 * 1024, 3 * 1024 * 1024])('keeps a long transfer at the rate with chunks of %p bytes', (chunkSize) => {
    const rate = 256 * 1024;
    const count = Math.ceil((8 * 1024 * 1024) / chunkSize);
    const limiter = new ByteRateLimiter(rate, 0);

    const elapsedMs = paceChunks(limiter, chunkSize, count);

    const expectedMs = ((count * chunkSize - limiter.burstBytes) / rate) * 1000;
    expect(elapsedMs).toBeCloseTo(expectedMs, 3);
  });

  it('refills while idle but never beyond the burst', () => {
    const limiter = new ByteRateLimiter(1000, 0, 100);
    expect(limiter.reserve(100, 0)).toBe(0);
    // Ten idle seconds would be 10,000 bytes of credit without the cap.
    expect(limiter.reserve(1100, 10_000)).toBe(1000);
  });

  it('treats a clock that steps back as no time passing', () => {
    const limiter = new ByteRateLimiter(1000, 5_000, 100);
    expect(limiter.reserve(100, 5_000)).toBe(0);
    expect(limiter.reserve(100, 4_000)).toBe(100);
  });

  it('defaults the burst to a tenth of a second', () => {
    expect(new ByteRateLimiter(10_000, 0).burstBytes).toBe(1000);
    expect(new ByteRateLimiter(5, 0).burstBytes).toBe(1);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects a rate of %p', (rate) => {
    expect(() => new ByteRateLimiter(rate, 0)).toThrow(RangeError);
  });
});
