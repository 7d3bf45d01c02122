import type { UsageSummary } from '../api/types';

// The geometry of a rule's month chart, as pure functions (drawn by UsageChart.tsx): one slot per
// UTC day of the month, a bar per day with usage (launches or usage time, on the left scale), the
// peak of concurrent users as a line and the licences owned as a horizontal line (both on the
// right scale, in users, so the line the peak crosses is the licence line).

export type ChartMeasure = 'launches' | 'usageSeconds';

export interface ChartSize {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_SIZE: ChartSize = { width: 720, height: 260, left: 56, right: 48, top: 16, bottom: 32 };

/** Share of a day's slot its bar takes, centred in it. */
const BAR_SHARE = 0.7;

export interface ChartBar {
  day: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartPoint {
  day: string;
  value: number;
  x: number;
  y: number;
}

export interface UsageChartGeometry {
  /** Every day of the month, `YYYY-MM-DD`, one slot each. */
  days: string[];
  slotWidth: number;
  /** Only the days whose measure is above 0. */
  bars: ChartBar[];
  /** The top of the left (measure) scale; its bottom is 0. */
  measureMax: number;
  /** The top of the right (users) scale. */
  usersMax: number;
  /** Peak concurrent users of each reported day (up to today in the current month). */
  peakLine: ChartPoint[];
  /** The licences owned on the users scale, across the whole plot. */
  licenceLine: { value: number; x1: number; x2: number; y: number };
  plot: { x: number; y: number; width: number; height: number };
}

/** Each UTC day of a `YYYY-MM` month, `YYYY-MM-DD`; empty when it is not a month. */
export function daysOfMonth(month: string): string[] {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return [];
  const count = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return Array.from({ length: count }, (_, index) => `${month}-${String(index + 1).padStart(2, '0')}`);
}

/** The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** A usage-time scale top in whole hours (or minutes, when short), so the axis reads 2 h, not 7200. */
export function niceSecondsCeiling(seconds: number): number {
  const withinAnHour = [1, 2, 5, 10, 15, 20, 30, 60].map((minutes) => minutes * 60).find((top) => top >= seconds);
  return withinAnHour ?? niceCeiling(seconds / 3600) * 3600;
}

export function usageChartGeometry(
  month: string,
  reported: readonly (UsageSummary & { day: string })[],
  licencesOwned: number,
  measure: ChartMeasure,
  size: ChartSize = CHART_SIZE,
): UsageChartGeometry {
  const days = daysOfMonth(month);
  const plot = { x: size.left, y: size.top, width: size.width - size.left - size.right, height: size.height - size.top - size.bottom };
  const slotWidth = plot.width / Math.max(1, days.length);
  const bottom = plot.y + plot.height;
  const slotOf = new Map(days.map((day, index) => [day, index]));
  const inMonth = reported.filter((entry) => slotOf.has(entry.day));

  const largest = Math.max(0, ...inMonth.map((entry) => entry[measure]));
  const measureMax = measure === 'usageSeconds' ? niceSecondsCeiling(largest) : niceCeiling(largest);
  const usersMax = niceCeiling(Math.max(licencesOwned, ...inMonth.map((entry) => entry.peakConcurrentUsers)) * 1.1);
  const measureY = (value: number) => bottom - (value / measureMax) * plot.height;
  const usersY = (value: number) => bottom - (value / usersMax) * plot.height;
  const slotX = (day: string) => plot.x + (slotOf.get(day) as number) * slotWidth;

  const bars = inMonth
    .filter((entry) => entry[measure] > 0)
    .map((entry) => {
      const y = measureY(entry[measure]);
      return { day: entry.day, value: entry[measure], x: slotX(entry.day) + (slotWidth * (1 - BAR_SHARE)) / 2, y, width: slotWidth * BAR_SHARE, height: bottom - y };
    });
  const peakLine = inMonth.map((entry) => ({ day: entry.day, value: entry.peakConcurrentUsers, x: slotX(entry.day) + slotWidth / 2, y: usersY(entry.peakConcurrentUsers) }));
  return {
    days,
    slotWidth,
    bars,
    measureMax,
    usersMax,
    peakLine,
    licenceLine: { value: licencesOwned, x1: plot.x, x2: plot.x + plot.width, y: usersY(licencesOwned) },
    plot,
  };
}

/** Seconds in words an administrator reads at a glance: 45 s, 12 min, 3 h 05 min, 2 d 4 h. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A scale top of niceSecondsCeiling, short enough for the axis: 20 min, 5 h. */
export function formatScaleSeconds(seconds: number): string {
  return seconds >= 3600 ? `${Math.round(seconds / 3600)} h` : `${Math.round(seconds / 60)} min`;
}

/** The current UTC month, `YYYY-MM` (reports are by UTC month). */
export function currentUtcMonth(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 7);
}
