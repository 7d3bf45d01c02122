import { HttpError } from '../api/http';
import type { ClientSession } from '../api/client-session';
import type { ServiceClient, StatusReport } from '../api/service-client';
import { NewReport, ReportQueue, SendOutcome } from '../state/report-queue';
import type { EventLog } from './event-log';

const QUIET_AFTER_FAILURE_MS = 5_000;

/** The package version a report names: the content version a run uses, none (null) for a package without source (version 0). */
export function reportedPackageVersion(contentVersion: number): number | null {
  return contentVersion >= 1 ? contentVersion : null;
}

/**
 * Every state change goes to disk with its seq first, then to the advertisement service; what
 * could not be sent goes with the next flush, in this run or after a restart.
 */
export class StatusReporter {
  /** After the service could not be reached, single reports only queue until then; cycles still flush. */
  private quietUntil = 0;

  constructor(
    private readonly queue: ReportQueue,
    private readonly session: ClientSession,
    private readonly services: ServiceClient,
    private readonly log: EventLog,
  ) {}

  get pendingCount(): number {
    return this.queue.pendingCount;
  }

  async report(report: NewReport, now = new Date()): Promise<void> {
    const { output, ...queued } = await this.queue.add(report, now);
    // The output is in the program-end event already.
    this.log.event('report', { ...queued, ...(output ? { withOutput: true } : {}) });
    if (Date.now() >= this.quietUntil) {
      await this.flush();
    }
  }

  /**
   * Stored with its seq like any report, but sent with the next report or flush (the cycle's last
   * step at the latest): ACCEPTED and the report that follows it go in one request.
   */
  async reportWithNext(report: NewReport, now = new Date()): Promise<void> {
    const { output, ...queued } = await this.queue.add(report, now);
    this.log.event('report', { ...queued, ...(output ? { withOutput: true } : {}), sendsWithNext: true });
  }

  async flush(): Promise<void> {
    if (this.queue.pendingCount === 0) {
      return;
    }
    const result = await this.queue.flush((batch) => this.send(batch));
    if (result.sent > 0 || result.dropped > 0) {
      this.log.event('reports-sent', result);
    }
  }

  private async send(batch: readonly StatusReport[]): Promise<SendOutcome> {
    try {
      await this.session.call((credentials) => this.services.sendStatus(credentials, batch));
      return 'sent';
    } catch (error) {
      if (error instanceof HttpError && (error.status === 400 || error.status === 422)) {
        this.log.error(`status report refused as invalid, dropped: ${error.message}`);
        return 'rejected';
      }
      this.log.error(`status reports kept for the next attempt: ${(error as Error).message}`);
      this.quietUntil = Date.now() + QUIET_AFTER_FAILURE_MS;
      return 'retry-later';
    }
  }
}
