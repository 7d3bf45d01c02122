import type { MaintenanceWindowData } from '@sdp/contracts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export type WindowCheck = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a program with the given maximum run time may start now. No windows at all means
 * any time, as in the original; otherwise some open window must still have that much time left.
 */
export function maintenanceWindowAllows(windows: readonly MaintenanceWindowData[], now: Date, maxRunTimeMinutes: number): WindowCheck {
  if (windows.length === 0) {
    return { allowed: true };
  }
  const needed = maxRunTimeMinutes * MINUTE;
  let longestLeft = -1;
  for (const window of windows) {
    const open = openOccurrence(window, now);
    if (open) {
      longestLeft = Math.max(longestLeft, open.end.getTime() - now.getTime());
    }
  }
  if (longestLeft >= needed) {
    return { allowed: true };
  }
  return {
    allowed: false,
    reason:
      longestLeft < 0
        ? 'no maintenance window is open'
        : `the open maintenance window has ${Math.floor(longestLeft / MINUTE)} min left, the program needs ${maxRunTimeMinutes}`,
  };
}

/** The occurrence of the window that contains `now`, if any. */
export function openOccurrence(window: MaintenanceWindowData, now: Date): { start: Date; end: Date } | undefined {
  const length = window.durationMinutes * MINUTE;
  for (const start of candidateStarts(window, now)) {
    const end = start.getTime() + length;
    if (start.getTime() <= now.getTime() && now.getTime() < end) {
      return { start, end: new Date(end) };
    }
  }
  return undefined;
}

/**
 * Starts that could still be open: a window lasts at most a day, so the occurrences of today
 * and yesterday (monthly: this and last month) in the start's own UTC offset are enough.
 */
function candidateStarts(window: MaintenanceWindowData, now: Date): Date[] {
  const first = new Date(window.start);
  const offset = utcOffsetMillis(window.start);
  const local = (moment: number) => new Date(moment + offset);
  const firstLocal = local(first.getTime());
  const timeOfDay = firstLocal.getTime() - Date.UTC(firstLocal.getUTCFullYear(), firstLocal.getUTCMonth(), firstLocal.getUTCDate());
  const nowLocal = local(now.getTime());
  const todayLocalMidnight = Date.UTC(nowLocal.getUTCFullYear(), nowLocal.getUTCMonth(), nowLocal.getUTCDate());
  const atDay = (localMidnight: number) => new Date(localMidnight + timeOfDay - offset);
  const notBeforeFirst = (start: Date) => start.getTime() >= first.getTime();
  const recurrence = window.recurrence;
  switch (recurrence.type) {
    case 'none':
      return [first];
    case 'daily':
      return [todayLocalMidnight - DAY, todayLocalMidnight].map(atDay).filter(notBeforeFirst);
    case 'weekly':
      return [todayLocalMidnight - DAY, todayLocalMidnight]
        .filter((midnight) => (recurrence.days as readonly string[]).includes(WEEKDAYS[new Date(midnight).getUTCDay()]))
        .map(atDay)
        .filter(notBeforeFirst);
    case 'monthly':
      return [-1, 0]
        .map((monthDelta) => {
          const year = nowLocal.getUTCFullYear();
          const month = nowLocal.getUTCMonth() + monthDelta;
          const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
          return Date.UTC(year, month, Math.min(recurrence.day, lastDay));
        })
        .map(atDay)
        .filter(notBeforeFirst);
  }
}

/** The offset written in an ISO timestamp (`Z` = 0); the window's days are counted in it. */
export function utcOffsetMillis(timestamp: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(timestamp);
  if (!match) {
    return 0;
  }
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3])) * MINUTE;
}
