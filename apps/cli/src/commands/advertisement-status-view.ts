import type { AdvertisementIntegrity, ClientStatusRow, StatusSummary } from '@sdp/contracts';
import { progressBar } from '../output/format';
import { renderFields, renderTable } from '../output/table';
import { clientLabel } from './client-ref';

export interface AdvertisementStatus extends AdvertisementIntegrity {
  advertisementId: string;
  summary: StatusSummary;
  /** clientName: the CLI adds it from targeting (null for a client deleted since). */
  items: (ClientStatusRow & { clientName?: string | null })[];
}

/**
 * The share of targeted clients that finished. Nobody targeted is said in words (never `0% 1/0`);
 * reports of clients that have left the collection since are not counted against those still in it.
 */
export function progressText(summary: StatusSummary): string {
  const finished = summary.succeeded + summary.failed;
  if (summary.targeted === 0) return finished > 0 ? `no client targeted now (${finished} finished before)` : 'no client targeted';
  if (finished > summary.targeted) return `${progressBar(summary.targeted, summary.targeted)} ${finished} finished, ${summary.targeted} targeted now`;
  return `${progressBar(finished, summary.targeted)} ${finished}/${summary.targeted} finished`;
}

export function advertisementStatusView(status: AdvertisementStatus): string {
  const { summary } = status;
  const fields: [string, string | number][] = [['Advertisement', status.advertisementId]];
  if (status.broken) fields.push(['Broken', status.brokenReason ?? 'yes']);
  fields.push(
    ['Progress', progressText(summary)],
    ['Targeted', summary.targeted],
    ['Accepted', summary.accepted],
    ['Waiting', summary.waiting],
    ['Running', summary.running],
    ['Succeeded', summary.succeeded],
    ['Failed', summary.failed],
    ['Timed out', summary.timedOut],
    ['Not reported', summary.notReported],
  );
  const head = renderFields(fields);
  if (status.items.length === 0) return head;
  const rows = renderTable(
    [
      { header: 'CLIENT', value: (row: AdvertisementStatus['items'][number]) => clientLabel(row.clientId, row.clientName) },
      { header: 'STATE', value: clientStateText },
      { header: 'MESSAGE', value: (row) => row.messageId, align: 'right' },
      { header: 'EXIT', value: (row) => row.exitCode, align: 'right' },
      { header: 'AT', value: (row) => row.deliveryAt ?? row.acceptanceAt },
      { header: 'DETAIL', value: (row) => (row.detail && row.detail.length > 50 ? `${row.detail.slice(0, 47)}...` : row.detail) },
    ],
    status.items,
  );
  return `${head}\n\n${rows}`;
}

/** The row's state; one silent past the program's maximum run time plus grace says so, with the state it last reported. */
export function clientStateText(row: ClientStatusRow): string | null {
  const state = row.deliveryState ?? row.acceptanceState;
  return row.timedOut ? `no report (timed out) after ${state}` : state;
}

export const ADVERTISEMENT_UNTIL = ['succeeded', 'finished'] as const;

/**
 * succeeded: every targeted client succeeded (a failure ends the watch with an error); finished:
 * each one succeeded, failed or timed out (it may still report late). A broken advertisement
 * reaches neither: the watch ends with why.
 */
export function advertisementWatchOutcome(status: AdvertisementStatus, until: string): { done: boolean; failure?: string } {
  const { summary } = status;
  if (status.broken) return { done: false, failure: `advertisement ${status.advertisementId} is broken: ${status.brokenReason}` };
  if (summary.targeted === 0) return { done: false };
  if (until === 'succeeded') {
    if (summary.failed > 0) return { done: false, failure: `${summary.failed} of ${summary.targeted} clients failed advertisement ${status.advertisementId}` };
    return { done: summary.succeeded >= summary.targeted };
  }
  return { done: summary.succeeded + summary.failed + summary.timedOut >= summary.targeted };
}
