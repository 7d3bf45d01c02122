import type { ClientStatusRow, StatusSummary } from '@sdp/contracts';
import { progressBar } from '../output/format';
import { renderFields, renderTable } from '../output/table';

export interface AdvertisementStatus {
  advertisementId: string;
  summary: StatusSummary;
  items: ClientStatusRow[];
}

export function advertisementStatusView(status: AdvertisementStatus): string {
  const { summary } = status;
  const finished = summary.succeeded + summary.failed;
  const head = renderFields([
    ['Advertisement', status.advertisementId],
    ['Progress', `${progressBar(finished, summary.targeted)} ${finished}/${summary.targeted} finished`],
    ['Targeted', summary.targeted],
    ['Accepted', summary.accepted],
    ['Waiting', summary.waiting],
    ['Running', summary.running],
    ['Succeeded', summary.succeeded],
    ['Failed', summary.failed],
    ['Not reported', summary.notReported],
  ]);
  if (status.items.length === 0) return head;
  const rows = renderTable(
    [
      { header: 'CLIENT', value: (row: ClientStatusRow) => row.clientId },
      { header: 'STATE', value: (row) => row.deliveryState ?? row.acceptanceState },
      { header: 'MESSAGE', value: (row) => row.messageId, align: 'right' },
      { header: 'EXIT', value: (row) => row.exitCode, align: 'right' },
      { header: 'AT', value: (row) => row.deliveryAt ?? row.acceptanceAt },
      { header: 'DETAIL', value: (row) => (row.detail && row.detail.length > 50 ? `${row.detail.slice(0, 47)}...` : row.detail) },
    ],
    status.items,
  );
  return `${head}\n\n${rows}`;
}

export const ADVERTISEMENT_UNTIL = ['succeeded', 'finished'] as const;

/** succeeded: every targeted client succeeded (a failure ends the watch with an error); finished: each one succeeded or failed. */
export function advertisementWatchOutcome(status: AdvertisementStatus, until: string): { done: boolean; failure?: string } {
  const { summary } = status;
  if (summary.targeted === 0) return { done: false };
  if (until === 'succeeded') {
    if (summary.failed > 0) return { done: false, failure: `${summary.failed} of ${summary.targeted} clients failed advertisement ${status.advertisementId}` };
    return { done: summary.succeeded >= summary.targeted };
  }
  return { done: summary.succeeded + summary.failed >= summary.targeted };
}
