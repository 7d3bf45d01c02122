import type { AdvertisementIntegrity, ClientStatusRow, ProgramOutput, StatusHistoryEntry, StatusSummary } from '@sdp/contracts';
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
      { header: 'MESSAGE', value: (row) => messageText(row) },
      { header: 'EXIT', value: (row) => row.exitCode, align: 'right' },
      { header: 'VERSION', value: (row) => row.packageVersion, align: 'right' },
      { header: 'AT', value: (row) => row.deliveryAt ?? row.acceptanceAt },
      { header: 'DETAIL', value: (row) => (row.detail && row.detail.length > 50 ? `${row.detail.slice(0, 47)}...` : row.detail) },
    ],
    status.items,
  );
  const failures = status.items
    .filter((row) => row.deliveryState === 'FAILED' && row.output !== null)
    .map((row) => `Output of ${clientLabel(row.clientId, row.clientName)} (last ${FAILURE_OUTPUT_LINES} lines of each stream; all: sdp advertisement history ${status.advertisementId} --client ${row.clientId}):\n${outputText(row.output!, FAILURE_OUTPUT_LINES)}`);
  return [`${head}\n\n${rows}`, ...failures].join('\n\n');
}

/** How many lines of a failed client's stderr and stdout the status shows. */
export const FAILURE_OUTPUT_LINES = 10;

/** e.g. `10006 Program failed`; the ID alone when the table does not know it. */
export function messageText(entry: { messageId: number | null; messageText: string | null }): string | null {
  if (entry.messageId === null) return null;
  return entry.messageText ? `${entry.messageId} ${entry.messageText}` : String(entry.messageId);
}

/** A program's output, stderr first (where failures say why), each stream indented; `lines`: only the last ones. */
export function outputText(output: ProgramOutput, lines = Infinity): string {
  const stream = (name: string, text: string) => {
    const all = text.replace(/\n$/, '').split('\n');
    const shown = all.length > lines ? all.slice(-lines) : all;
    const cut = all.length > shown.length || output.truncated ? ' (earlier output not shown)' : '';
    return text === '' ? `  ${name}: (empty)` : `  ${name}${cut}:\n${shown.map((line) => `    ${line}`).join('\n')}`;
  };
  return [stream('stderr', output.stderr), stream('stdout', output.stdout)].join('\n');
}

/** A client's reports of an advertisement, newest first, then the output each kept one carried. */
export function advertisementHistoryView(advertisementId: string, clientId: string, entries: StatusHistoryEntry[]): string {
  if (entries.length === 0) return `client ${clientId} has not reported on advertisement ${advertisementId}`;
  const rows = renderTable(
    [
      { header: 'SEQ', value: (entry: StatusHistoryEntry) => entry.seq, align: 'right' },
      { header: 'STATE', value: (entry) => entry.state },
      { header: 'MESSAGE', value: (entry) => messageText(entry) },
      { header: 'EXIT', value: (entry) => entry.exitCode, align: 'right' },
      { header: 'VERSION', value: (entry) => entry.packageVersion, align: 'right' },
      { header: 'AT', value: (entry) => entry.reportedAt },
      { header: 'DETAIL', value: (entry) => entry.detail },
    ],
    entries,
  );
  const outputs = entries
    .filter((entry) => entry.output !== null)
    .map((entry) => `Output with report ${entry.seq} (${entry.state}, ${entry.reportedAt}):\n${outputText(entry.output!)}`);
  return [rows, ...outputs].join('\n\n');
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
