import { ClientStatusState } from '@sdp/contracts';

/** Acceptance is what the client decided about the offer; delivery is how running it went. */
export const ACCEPTANCE_STATES: readonly ClientStatusState[] = ['ACCEPTED', 'REJECTED', 'EXPIRED'];

export type SummaryBucket = 'waiting' | 'running' | 'succeeded' | 'failed';

/** Delivery states counted in each summary bucket; the others (CANCELED, WILL_NOT_RERUN) in none. */
export const SUMMARY_BUCKETS: Readonly<Record<SummaryBucket, readonly ClientStatusState[]>> = {
  waiting: ['WAITING', 'DOWNLOAD_IN_PROGRESS', 'DOWNLOAD_COMPLETE', 'RETRYING'],
  running: ['RUNNING'],
  succeeded: ['SUCCEEDED', 'REBOOT_PENDING'],
  failed: ['FAILED'],
};

export function isAcceptanceState(state: ClientStatusState): boolean {
  return ACCEPTANCE_STATES.includes(state);
}

export interface ReportLike {
  advertisementId: string;
  state: ClientStatusState;
  seq: number;
}

/**
 * Per advertisement, the report with the highest seq of each kind among the given ones: only
 * those can change the current state, whatever order the reports came in.
 */
export function latestPerAdvertisement<T extends ReportLike>(reports: readonly T[]): Map<string, { acceptance?: T; delivery?: T }> {
  const latest = new Map<string, { acceptance?: T; delivery?: T }>();
  for (const report of reports) {
    const entry = latest.get(report.advertisementId) ?? {};
    const kind = isAcceptanceState(report.state) ? 'acceptance' : 'delivery';
    const current = entry[kind];
    if (!current || report.seq > current.seq) {
      entry[kind] = report;
    }
    latest.set(report.advertisementId, entry);
  }
  return latest;
}
