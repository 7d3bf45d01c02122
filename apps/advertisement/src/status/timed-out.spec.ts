import { isTimedOut, timedOutBefore } from './timed-out';

describe('timed-out derivation', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  // Program may run 120 min, grace 15 min: silent since before 09:45 is timed out.
  const before = timedOutBefore(now, 120, 15);

  it('is the program\'s maximum run time plus the grace before now', () => {
    expect(before.toISOString()).toBe('2026-03-02T09:45:00.000Z');
  });

  it.each([
    ['RUNNING', '2026-03-02T09:44:59Z', true],
    ['RUNNING', '2026-03-02T09:45:00Z', false],
    ['DOWNLOAD_IN_PROGRESS', '2026-03-01T00:00:00Z', true],
    ['DOWNLOAD_COMPLETE', '2026-03-01T00:00:00Z', true],
    ['RUNNING', '2026-03-02T11:59:00Z', false],
    ['SUCCEEDED', '2026-03-01T00:00:00Z', false],
    ['FAILED', '2026-03-01T00:00:00Z', false],
    ['WAITING', '2026-03-01T00:00:00Z', false],
    ['RETRYING', '2026-03-01T00:00:00Z', false],
  ])('%s last reported at %s: timed out %s', (deliveryState, deliveryAt, expected) => {
    expect(isTimedOut({ deliveryState, deliveryAt: new Date(deliveryAt), acceptanceAt: new Date('2026-03-01T00:00:00Z') }, before)).toBe(expected);
  });

  it('counts the latest of the acceptance and the delivery report as the last word', () => {
    expect(isTimedOut({ deliveryState: 'RUNNING', deliveryAt: new Date('2026-03-01T00:00:00Z'), acceptanceAt: new Date('2026-03-02T11:00:00Z') }, before)).toBe(false);
  });

  it('never times out a client that only accepted', () => {
    expect(isTimedOut({ deliveryState: null, deliveryAt: null, acceptanceAt: new Date('2026-01-01T00:00:00Z') }, before)).toBe(false);
  });
});
