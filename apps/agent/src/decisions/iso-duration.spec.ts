import { addDuration, parseIsoDuration } from './iso-duration';

describe('ISO-8601 durations', () => {
  it('splits calendar and exact parts', () => {
    expect(parseIsoDuration('P1Y2M')).toEqual({ months: 14, days: 0, milliseconds: 0 });
    expect(parseIsoDuration('P1W2D')).toEqual({ months: 0, days: 9, milliseconds: 0 });
    expect(parseIsoDuration('PT1H30M15S')).toEqual({ months: 0, days: 0, milliseconds: 5_415_000 });
  });

  it.each(['', 'P', 'PT', '1D', 'P1H', 'P0D', 'PT-1H'])('rejects %j', (text) => {
    expect(() => parseIsoDuration(text)).toThrow();
  });

  it('adds months on the calendar, clamping to the last day of a shorter month', () => {
    const start = new Date('2026-01-31T10:00:00Z');
    expect(addDuration(start, parseIsoDuration('P1M'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addDuration(start, parseIsoDuration('P1M'), 2).toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(addDuration(start, parseIsoDuration('P1DT2H'), 3).toISOString()).toBe('2026-02-03T16:00:00.000Z');
  });
});
