import { RETRY_JITTER, type ClientStatusState, type RetrySettingsData } from '@sdp/contracts';

/**
 * Delivery states of a client that is busy with the advertisement (downloading or running) and
 * so owes a report: one silent in them for longer than the program may run, plus a grace, shows
 * as "no report (timed out)". A later report (it still counts) moves it to its real state.
 * WAITING is excluded: a client may rightly wait days for a maintenance window or a user.
 */
export const IN_FLIGHT_STATES: readonly ClientStatusState[] = ['DOWNLOAD_IN_PROGRESS', 'DOWNLOAD_COMPLETE', 'RUNNING'];

/** A client between attempts owes its next one after at most the longest back-off (jitter included), then a report. */
export const BETWEEN_ATTEMPTS_STATE: ClientStatusState = 'RETRYING';

/** A client whose last report is older than these moments has timed out: in flight, or between attempts. */
export interface SilenceLimits {
  inFlightBefore: Date;
  retryingBefore: Date;
}

/**
 * In flight: silent for longer than the program's maximum run time plus the grace. Between
 * attempts: the same after the longest back-off the advertisement allows (its maximum plus jitter).
 */
export function silenceLimits(now: Date, maxRunTimeMinutes: number, graceMinutes: number, retry: Pick<RetrySettingsData, 'maxBackoffSeconds'>): SilenceLimits {
  const inFlightBefore = new Date(now.getTime() - (maxRunTimeMinutes + graceMinutes) * 60_000);
  const retryingBefore = new Date(inFlightBefore.getTime() - Math.ceil(retry.maxBackoffSeconds * (1 + RETRY_JITTER)) * 1000);
  return { inFlightBefore, retryingBefore };
}

export interface ReportTimes {
  deliveryState: string | null;
  deliveryAt: Date | null;
  acceptanceAt: Date | null;
}

/** Whether a client's row shows "no report (timed out)" given the limits from silenceLimits. */
export function isTimedOut(row: ReportTimes, limits: SilenceLimits): boolean {
  const lastReport = Math.max(row.deliveryAt?.getTime() ?? 0, row.acceptanceAt?.getTime() ?? 0);
  if (row.deliveryState === BETWEEN_ATTEMPTS_STATE) {
    return lastReport < limits.retryingBefore.getTime();
  }
  if (row.deliveryState !== null && (IN_FLIGHT_STATES as readonly string[]).includes(row.deliveryState)) {
    return lastReport < limits.inFlightBefore.getTime();
  }
  return false;
}
