import type { UsageSummary } from '../api/types';
import { ChartSize, currentUtcMonth, daysOfMonth, formatDuration, formatScaleSeconds, niceCeiling, niceSecondsCeiling, usageChartGeometry } from './usage-chart';

const day = (date: string, summary: Partial<UsageSummary>): UsageSummary & { day: string } => ({
  day: date,
  computers: 0,
  users: 0,
  launches: 0,
  usageSeconds: 0,
  peakConcurrentUsers: 0,
  ...summary,
});

// A plot 300 wide and 100 high at (10, 10): in a 30-day month each day has a 10-wide slot.
const SIZE: ChartSize = { width: 320, height: 130, left: 10, right: 10, top: 10, bottom: 20 };

describe('usage chart geometry', () => {
  it('knows each month’s days, leap years included', () => {
    expect(daysOfMonth('2026-11')).toHaveLength(30);
    expect(daysOfMonth('2026-11')[0]).toBe('2026-11-01');
    expect(daysOfMonth('2026-11')[29]).toBe('2026-11-30');
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2026-13')).toEqual([]);
    expect(daysOfMonth('')).toEqual([]);
  });

  it('rounds scale tops up to 1, 2 or 5 times a power of ten, and time to whole minutes or hours', () => {
    expect([0, 1, 1.5, 3, 7, 10, 11, 180, 501].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 200, 1000]);
    expect(niceSecondsCeiling(0)).toBe(60);
    expect(niceSecondsCeiling(130)).toBe(300);
    expect(niceSecondsCeiling(1000)).toBe(1200);
    expect(niceSecondsCeiling(3600)).toBe(3600);
    expect(niceSecondsCeiling(3 * 3600 + 1)).toBe(5 * 3600);
  });

  it('draws one bar per day with usage, in that day’s slot, as high as its share of the scale', () => {
    const geometry = usageChartGeometry(
      '2026-11',
      [day('2026-11-01', {}), day('2026-11-03', { launches: 4, peakConcurrentUsers: 2 }), day('2026-11-04', {}), day('2026-11-10', { launches: 1, peakConcurrentUsers: 1 })],
      2,
      'launches',
      SIZE,
    );
    expect(geometry.days).toHaveLength(30);
    expect(geometry.slotWidth).toBe(10);
    expect(geometry.measureMax).toBe(5);
    expect(geometry.bars.map((bar) => [bar.day, bar.value])).toEqual([
      ['2026-11-03', 4],
      ['2026-11-10', 1],
    ]);
    const [third, tenth] = geometry.bars;
    // Day 3 is the third slot (x 30..40); its bar takes the middle 70 %.
    expect(third.x).toBeCloseTo(31.5);
    expect(third.width).toBeCloseTo(7);
    expect(tenth.x).toBeCloseTo(101.5);
    // 4 of 5 and 1 of 5 of a 100-high plot, standing on its bottom (y 110).
    expect(third.height).toBeCloseTo(80);
    expect(third.y + third.height).toBeCloseTo(110);
    expect(tenth.height).toBeCloseTo(20);
  });

  it('puts the licence line and the peak on one users scale, so a peak above the licences is drawn above the line', () => {
    const geometry = usageChartGeometry(
      '2026-11',
      [day('2026-11-01', { launches: 1, peakConcurrentUsers: 1 }), day('2026-11-02', { launches: 3, peakConcurrentUsers: 2 }), day('2026-11-03', { launches: 3, peakConcurrentUsers: 3 })],
      2,
      'launches',
      SIZE,
    );
    // max(2 licences, peak 3) with a little headroom: a scale of 5 users.
    expect(geometry.usersMax).toBe(5);
    expect(geometry.licenceLine).toEqual({ value: 2, x1: 10, x2: 310, y: 110 - (2 / 5) * 100 });
    expect(geometry.peakLine.map((point) => [point.x, point.y])).toEqual([
      [15, 90],
      [25, 70],
      [35, 50],
    ]);
    const [, atLicences, over] = geometry.peakLine;
    expect(atLicences.y).toBeCloseTo(geometry.licenceLine.y);
    expect(over.y).toBeLessThan(geometry.licenceLine.y);
  });

  it('scales usage time bars on their own, and draws no bar for a month without usage', () => {
    const timed = usageChartGeometry('2026-11', [day('2026-11-05', { usageSeconds: 5400, launches: 1 })], 0, 'usageSeconds', SIZE);
    expect(timed.measureMax).toBe(2 * 3600);
    expect(timed.bars[0].height).toBeCloseTo(75);

    const idle = usageChartGeometry('2026-11', [day('2026-11-01', {}), day('2026-11-02', {})], 0, 'launches', SIZE);
    expect(idle.bars).toEqual([]);
    expect(idle.usersMax).toBe(1);
    // No licences: the line lies on the bottom of the plot.
    expect(idle.licenceLine.y).toBe(110);
  });

  it('ignores days the report gives outside the month', () => {
    const geometry = usageChartGeometry('2026-11', [day('2026-10-31', { launches: 9 }), day('2026-11-30', { launches: 1 })], 1, 'launches', SIZE);
    expect(geometry.bars.map((bar) => bar.day)).toEqual(['2026-11-30']);
    expect(geometry.bars[0].x).toBeCloseTo(301.5);
    expect(geometry.measureMax).toBe(1);
  });

  it('words durations and the current UTC month', () => {
    expect([45, 720, 3 * 3600 + 300, 50 * 3600].map(formatDuration)).toEqual(['45 s', '12 min', '3 h 05 min', '2 d 2 h']);
    expect([60, 1200, 3600, 5 * 3600, 200 * 3600].map(formatScaleSeconds)).toEqual(['1 min', '20 min', '1 h', '5 h', '200 h']);
    expect(currentUtcMonth(Date.UTC(2026, 11, 31, 23, 59))).toBe('2026-12');
    expect(currentUtcMonth(Date.UTC(2027, 0, 1, 0, 0))).toBe('2027-01');
  });
});
