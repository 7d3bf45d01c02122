import { isTimedOut, silenceLimits } from './timed-out';

describe('timed-out derivation', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  // Program may run 120 min, grace 15 min, longest back-off 3600 s (4500 s with jitter).
  const limits = silenceLimits(now, 120, 15, { maxBackoffSeconds: 3600 });
  const row = (deliveryState: string | null, deliveryAt: string) => ({
    deliveryState,
    deliveryAt: new Date(deliveryAt),
    acceptanceAt: new Date('2026-03-01T00:00:00Z'),
  });

  it("is the program's maximum run time plus the grace before now, and the longest back-off before that between attempts", () => {
    expect(limits.inFlightBefore.toISOString()).toBe('2026-03-02T09:45:00.000Z');
    expect(limits.retryingBefore.toISOString()).toBe('2026-03-02T08:30:00.000Z');
  });

  it.each([
    ['RUNNING', '2026-03-02T09:44:59Z', true],
    ['RUNNING', '2026-03-02T09:45:00Z', false],
    ['DOWNLOAD_IN_PROGRESS', '2026-03-01T00:00:00Z', true],
    ['DOWNLOAD_COMPLETE', '2026-03-01T00:00:00Z', true],
    ['RUNNING', '2026-03-02T11:59:00Z', false],
    ['RETRYING', '2026-03-02T09:00:00Z', false],
    ['RETRYING', '2026-03-02T08:29:59Z', true],
    ['SUCCEEDED', '2026-03-01T00:00:00Z', false],
    ['FAILED', '2026-03-01T00:00:00Z', false],
    ['WAITING', '2026-03-01T00:00:00Z', false],
    ['WILL_NOT_RERUN', '2026-03-01T00:00:00Z', false],
  ])('%s last reported at %s: timed out %s', (deliveryState, deliveryAt, expected) => {
    expect(isTimedOut(row(deliveryState, deliveryAt), limits)).toBe(expected);
  });

  it('counts the latest of the acceptance and the delivery report as the last word', () => {
    expect(isTimedOut({ deliveryState: 'RUNNING', deliveryAt: new Date('2026-03-01T00:00:00Z'), acceptanceAt: new Date('2026-03-02T11:00:00Z') }, limits)).toBe(false);
  });

  it('never times out a client that only accepted', () => {
    expect(isTimedOut({ deliveryState: null, deliveryAt: null, acceptanceAt: new Date('2026-01-01T00:00:00Z') }, limits)).toBe(false);
  });
});
