import { hasServiceAgentAssignment, latestDueOccurrence } from './schedule';

const base = { availableAt: '2026-03-01T00:00:00Z', contentVersion: 3 };

describe('mandatory schedules', () => {
  it('ASAP is due at once and keyed by content version, so a new version is a new occurrence', () => {
    const occurrence = latestDueOccurrence({ ...base, mandatory: [{ type: 'asap' }], now: new Date('2026-03-01T00:00:01Z') });
    expect(occurrence?.key).toBe('asap@v3');
    expect(latestDueOccurrence({ ...base, contentVersion: 4, mandatory: [{ type: 'asap' }], now: new Date() })?.key).toBe('asap@v4');
  });

  it('an "at" assignment is due only from its time on', () => {
    const mandatory = [{ type: 'at' as const, at: '2026-03-05T12:00:00Z' }];
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-05T11:59:59Z') })).toBeUndefined();
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-05T12:00:00Z') })?.key).toBe('at@2026-03-05T12:00:00.000Z');
  });

  it('a recurring assignment names its latest occurrence not after now', () => {
    const mandatory = [{ type: 'recurring' as const, at: '2026-03-01T08:00:00Z', every: 'P1D' }];
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-01T07:00:00Z') })).toBeUndefined();
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-01T08:00:00Z') })?.key).toBe('recurring@2026-03-01T08:00:00.000Z');
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-10T07:59:59Z') })?.key).toBe('recurring@2026-03-09T08:00:00.000Z');
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-10T08:00:00Z') })?.key).toBe('recurring@2026-03-10T08:00:00.000Z');
  });

  it('monthly recurrences follow the calendar', () => {
    const mandatory = [{ type: 'recurring' as const, at: '2026-01-31T00:00:00Z', every: 'P1M' }];
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-15T00:00:00Z') })?.key).toBe('recurring@2026-02-28T00:00:00.000Z');
  });

  it('picks the latest due occurrence among several assignments', () => {
    const mandatory = [
      { type: 'at' as const, at: '2026-03-02T00:00:00Z' },
      { type: 'at' as const, at: '2026-03-04T00:00:00Z' },
      { type: 'at' as const, at: '2026-03-09T00:00:00Z' },
    ];
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2026-03-05T00:00:00Z') })?.key).toBe('at@2026-03-04T00:00:00.000Z');
  });

  it('logon and logoff never fire on a service agent', () => {
    const mandatory = [{ type: 'logon' as const }, { type: 'logoff' as const }];
    expect(latestDueOccurrence({ ...base, mandatory, now: new Date('2027-01-01T00:00:00Z') })).toBeUndefined();
    expect(hasServiceAgentAssignment(mandatory)).toBe(false);
    expect(hasServiceAgentAssignment([...mandatory, { type: 'asap' }])).toBe(true);
  });
});
