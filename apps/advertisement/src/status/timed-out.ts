import type { ClientStatusState } from '@sdp/contracts';

/**
 * Delivery states of a client that is busy with the advertisement (downloading or running) and
 * so owes a report: one silent in them for longer than the program may run, plus a grace, shows
 * as "no report (timed out)". A later report (it still counts) moves it to its real state.
 * WAITING and RETRYING are excluded: a client may rightly wait days for a window or its next attempt.
 */
export const IN_FLIGHT_STATES: readonly ClientStatusState[] = ['DOWNLOAD_IN_PROGRESS', 'DOWNLOAD_COMPLETE', 'RUNNING'];

/** A client in flight whose last report is older than this moment has timed out. */
export function timedOutBefore(now: Date, maxRunTimeMinutes: number, graceMinutes: number): Date {
  return new Date(now.getTime() - (maxRunTimeMinutes + graceMinutes) * 60_000);
}

export interface ReportTimes {
  deliveryState: string | null;
  deliveryAt: Date | null;
  acceptanceAt: Date | null;
}

/** Whether a client's row shows "no report (timed out)" given the moment from timedOutBefore. */
export function isTimedOut(row: ReportTimes, before: Date): boolean {
  if (row.deliveryState === null || !(IN_FLIGHT_STATES as readonly string[]).includes(row.deliveryState)) {
    return false;
  }
  const lastReport = Math.max(row.deliveryAt?.getTime() ?? 0, row.acceptanceAt?.getTime() ?? 0);
  return lastReport < before.getTime();
}
