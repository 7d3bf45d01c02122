import type { MaintenanceWindowData } from '@sdp/contracts';
import { maintenanceWindowAllows, openOccurrence, utcOffsetMillis } from './maintenance-window';

function window(start: string, durationMinutes: number, recurrence: MaintenanceWindowData['recurrence']): MaintenanceWindowData {
  return { id: 'w', name: 'window', start, durationMinutes, recurrence };
}

describe('maintenance windows', () => {
  it('no window at all allows any time', () => {
    expect(maintenanceWindowAllows([], new Date(), 720)).toEqual({ allowed: true });
  });

  it('a one-off window allows a run only while it has the run time left', () => {
    const once = window('2026-03-02T22:00:00Z', 120, { type: 'none' });
    expect(maintenanceWindowAllows([once], new Date('2026-03-02T21:59:00Z'), 60)).toEqual({ allowed: false, reason: 'no maintenance window is open' });
    expect(maintenanceWindowAllows([once], new Date('2026-03-02T22:30:00Z'), 60).allowed).toBe(true);
    expect(maintenanceWindowAllows([once], new Date('2026-03-02T23:30:00Z'), 60)).toEqual({
      allowed: false,
      reason: 'the open maintenance window has 30 min left, the program needs 60',
    });
    expect(maintenanceWindowAllows([once], new Date('2026-03-03T00:00:00Z'), 1).allowed).toBe(false);
  });

  it('daily windows recur at the same time of day, including one that spans midnight', () => {
    const nightly = window('2026-03-01T23:00:00Z', 180, { type: 'daily' });
    expect(openOccurrence(nightly, new Date('2026-03-10T01:00:00Z'))?.start.toISOString()).toBe('2026-03-09T23:00:00.000Z');
    expect(openOccurrence(nightly, new Date('2026-03-10T23:30:00Z'))?.start.toISOString()).toBe('2026-03-10T23:00:00.000Z');
    expect(openOccurrence(nightly, new Date('2026-03-10T12:00:00Z'))).toBeUndefined();
    expect(openOccurrence(nightly, new Date('2026-03-01T01:00:00Z'))).toBeUndefined();
  });

  it('weekly windows count days in the offset of their start', () => {
    // 22:00 at +01:00 is 21:00 UTC; 2026-03-02 is a Monday.
    const weeknights = window('2026-03-02T22:00:00+01:00', 240, { type: 'weekly', days: ['monday', 'wednesday'] });
    expect(openOccurrence(weeknights, new Date('2026-03-09T21:30:00Z'))?.start.toISOString()).toBe('2026-03-09T21:00:00.000Z');
    expect(openOccurrence(weeknights, new Date('2026-03-10T00:30:00Z'))?.start.toISOString()).toBe('2026-03-09T21:00:00.000Z');
    expect(openOccurrence(weeknights, new Date('2026-03-10T21:30:00Z'))).toBeUndefined();
    expect(openOccurrence(weeknights, new Date('2026-03-11T21:30:00Z'))?.start.toISOString()).toBe('2026-03-11T21:00:00.000Z');
  });

  it('monthly windows fall on the last day of shorter months', () => {
    const monthEnd = window('2026-01-31T02:00:00Z', 60, { type: 'monthly', day: 31 });
    expect(openOccurrence(monthEnd, new Date('2026-02-28T02:30:00Z'))?.start.toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(openOccurrence(monthEnd, new Date('2026-03-31T02:59:00Z'))?.start.toISOString()).toBe('2026-03-31T02:00:00.000Z');
    expect(openOccurrence(monthEnd, new Date('2026-03-30T02:30:00Z'))).toBeUndefined();
  });

  it('any one of several windows with enough time left is enough', () => {
    const short = window('2026-03-02T22:00:00Z', 30, { type: 'daily' });
    const long = window('2026-03-02T21:00:00Z', 240, { type: 'daily' });
    expect(maintenanceWindowAllows([short, long], new Date('2026-03-05T22:10:00Z'), 120).allowed).toBe(true);
    expect(maintenanceWindowAllows([short], new Date('2026-03-05T22:10:00Z'), 120).allowed).toBe(false);
  });

  it('reads offsets from timestamps', () => {
    expect(utcOffsetMillis('2026-03-02T22:00:00Z')).toBe(0);
    expect(utcOffsetMillis('2026-03-02T22:00:00+05:30')).toBe(330 * 60_000);
    expect(utcOffsetMillis('2026-03-02T22:00:00-08:00')).toBe(-480 * 60_000);
  });
});
