import { ClientStatusState } from '@sdp/contracts';

/** Acceptance is what the client decided about the offer; delivery (every other state) is how running it went. */
export const ACCEPTANCE_STATES: readonly ClientStatusState[] = ['ACCEPTED', 'REJECTED', 'EXPIRED'];

export type SummaryBucket = 'waiting' | 'running' | 'succeeded' | 'failed';

/** Delivery states counted in each summary bucket; the others (CANCELED, WILL_NOT_RERUN) in none. */
export const SUMMARY_BUCKETS: Readonly<Record<SummaryBucket, readonly ClientStatusState[]>> = {
  waiting: ['WAITING', 'DOWNLOAD_IN_PROGRESS', 'DOWNLOAD_COMPLETE', 'RETRYING'],
  running: ['RUNNING'],
  succeeded: ['SUCCEEDED', 'REBOOT_PENDING'],
  failed: ['FAILED'],
};
