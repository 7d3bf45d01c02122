import type { ClientStatusState, ProgramOutput } from '@sdp/contracts';
import type { StatusReport } from '../api/service-client';
import { readJsonFile } from './atomic-file';
import { SerialJsonWriter } from './serial-writer';

interface QueueDocument {
  nextSeq: number;
  pending: StatusReport[];
}

export interface NewReport {
  advertisementId: string;
  state: ClientStatusState;
  messageId?: number | null;
  exitCode?: number | null;
  detail?: string | null;
  /** The tails of the program's output (a run's final, failed or retrying report). */
  output?: ProgramOutput | null;
  /** The package source version the run used. */
  packageVersion?: number | null;
}

/** What sending a batch did: sent, kept for later, or dropped because the service refused it as invalid. */
export type SendOutcome = 'sent' | 'retry-later' | 'rejected';

const MAX_BATCH = 500;
/** Well below the advertisement service's 1 MB request limit: reports with program output are large. */
const MAX_BATCH_JSON_CHARS = 512 * 1024;
const MAX_DETAIL = 4096;

/**
 * Status reports with their per-client sequence numbers, on disk before they are sent: a
 * report the service did not take stays queued (across restarts) and goes with the next flush.
 * The service keys reports by (client, seq), so sending one twice changes nothing.
 */
export class ReportQueue {
  private readonly writer: SerialJsonWriter;

  private constructor(
    path: string,
    private readonly document: QueueDocument,
  ) {
    this.writer = new SerialJsonWriter(path, () => this.document);
  }

  static async load(path: string): Promise<ReportQueue> {
    return new ReportQueue(path, (await readJsonFile<QueueDocument>(path)) ?? { nextSeq: 1, pending: [] });
  }

  get pendingCount(): number {
    return this.document.pending.length;
  }

  async add(report: NewReport, at: Date): Promise<StatusReport> {
    const queued: StatusReport = {
      advertisementId: report.advertisementId,
      state: report.state,
      messageId: report.messageId ?? null,
      exitCode: report.exitCode ?? null,
      detail: report.detail === undefined || report.detail === null ? null : report.detail.slice(0, MAX_DETAIL),
      at: at.toISOString(),
      seq: this.document.nextSeq,
      output: report.output ?? null,
      packageVersion: report.packageVersion ?? null,
    };
    this.document.nextSeq += 1;
    this.document.pending.push(queued);
    await this.save();
    return queued;
  }

  /** Sends every pending report in seq order, batch by batch; stops at the first batch that must wait. */
  async flush(send: (batch: readonly StatusReport[]) => Promise<SendOutcome>): Promise<{ sent: number; dropped: number; remaining: number }> {
    let sent = 0;
    let dropped = 0;
    let isolating = false;
    while (this.document.pending.length > 0) {
      // After a refused batch, one at a time: only the report the service calls invalid is dropped.
      const batch = isolating ? this.document.pending.slice(0, 1) : firstBatch(this.document.pending);
      const outcome = await send(batch);
      if (outcome === 'retry-later') {
        break;
      }
      if (outcome === 'rejected' && batch.length > 1) {
        isolating = true;
        continue;
      }
      this.document.pending.splice(0, batch.length);
      if (outcome === 'sent') sent += batch.length;
      else dropped += batch.length;
      await this.save();
    }
    return { sent, dropped, remaining: this.document.pending.length };
  }

  private save(): Promise<void> {
    return this.writer.save();
  }
}

/** The oldest pending reports, at most MAX_BATCH and MAX_BATCH_JSON_CHARS of JSON (at least one). */
function firstBatch(pending: readonly StatusReport[]): StatusReport[] {
  let size = 0;
  let count = 0;
  while (count < pending.length && count < MAX_BATCH) {
    size += JSON.stringify(pending[count]).length;
    if (count > 0 && size > MAX_BATCH_JSON_CHARS) break;
    count += 1;
  }
  return pending.slice(0, count);
}
