import { ClientMeteringRule } from '@sdp/contracts';
import { randomUUID } from 'node:crypto';
import { ObservedProcess, processMatchesRule } from './process-matcher';

/** A usage record as the metering service takes it. */
export interface UsageRecord {
  id: string;
  ruleId: string;
  user: string;
  startedAt: string;
  endedAt: string | null;
}

/** A run of a metered program the agent still sees: one process, one rule. */
export interface OpenRun {
  /** pid, start time and rule: a reused pid is another run. */
  key: string;
  record: UsageRecord;
  /** Epoch ms of the last sample that saw it. */
  lastSeenAt: number;
  /** Epoch ms when its record was last queued for sending: an open run is sent again every OPEN_RUN_REFRESH_MS. */
  queuedAt: number;
}

/** What the agent keeps on disk between samples and restarts (metering.json in the data dir). */
export interface MeteringState {
  rules: { etag: string | null; rules: ClientMeteringRule[] } | null;
  open: OpenRun[];
  /** The newest version of each record the service has not acknowledged yet, oldest first. */
  unsent: UsageRecord[];
}

export const EMPTY_METERING_STATE: MeteringState = { rules: null, open: [], unsent: [] };

/**
 * An open run is sent again this often, so the service knows it still runs (it stops counting an
 * open run an hour after the client's last word, METERING_OPEN_RUN_GRACE_SECONDS).
 */
export const OPEN_RUN_REFRESH_MS = 10 * 60_000;

/** The most records kept unsent (a service unreachable for long): the oldest go first. */
export const MAX_UNSENT_RECORDS = 50_000;

/**
 * Turns samples of the process list into usage records. A matching process seen for the first
 * time opens a record (started when the process says it started); one no longer seen closes it,
 * ended at the first sample without it but at most two sampling intervals after it was last seen
 * (so a stopped agent does not stretch runs over its downtime); a rule no longer given (disabled,
 * deleted, another platform) closes its runs at once; a run still open is sent again every
 * OPEN_RUN_REFRESH_MS. Every new or changed record waits in `unsent` until the service
 * acknowledged that version.
 */
export class UsageTracker {
  constructor(
    readonly state: MeteringState,
    private readonly sampleIntervalMs: number,
  ) {}

  /** Applies one sample taken at `now`; true if a record opened or closed. */
  observe(processes: readonly ObservedProcess[], now: number): boolean {
    const rules = this.state.rules?.rules ?? [];
    const seen = new Map<string, { process: ObservedProcess; rule: ClientMeteringRule }>();
    for (const process of processes) {
      for (const rule of rules) {
        if (processMatchesRule(rule, process)) {
          seen.set(`${process.pid}:${process.startedAt}:${rule.id}`, { process, rule });
        }
      }
    }
    let changed = false;
    const stillOpen: OpenRun[] = [];
    for (const run of this.state.open) {
      if (seen.has(run.key)) {
        seen.delete(run.key);
        const refresh = now - (run.queuedAt ?? 0) >= OPEN_RUN_REFRESH_MS;
        if (refresh) {
          this.queue(run.record);
          changed = true;
        }
        stillOpen.push({ ...run, lastSeenAt: now, queuedAt: refresh ? now : run.queuedAt });
        continue;
      }
      const ruleGone = !rules.some((rule) => rule.id === run.record.ruleId);
      const endedAt = ruleGone ? now : Math.min(now, run.lastSeenAt + 2 * this.sampleIntervalMs);
      this.queue({ ...run.record, endedAt: new Date(Math.max(endedAt, Date.parse(run.record.startedAt))).toISOString() });
      changed = true;
    }
    for (const [key, { process, rule }] of seen) {
      const record: UsageRecord = { id: randomUUID(), ruleId: rule.id, user: process.user, startedAt: new Date(Math.min(process.startedAt, now)).toISOString(), endedAt: null };
      stillOpen.push({ key, record, lastSeenAt: now, queuedAt: now });
      this.queue(record);
      changed = true;
    }
    this.state.open = stillOpen;
    return changed;
  }

  /** Up to `limit` records to send, oldest first. */
  batch(limit: number): UsageRecord[] {
    return this.state.unsent.slice(0, limit);
  }

  /** The service stored these versions: forget them, unless a newer version of one came meanwhile. */
  acknowledge(sent: readonly UsageRecord[]): void {
    const acknowledged = new Set(sent.map((record) => `${record.id}/${record.endedAt}`));
    this.state.unsent = this.state.unsent.filter((record) => !acknowledged.has(`${record.id}/${record.endedAt}`));
  }

  private queue(record: UsageRecord): void {
    this.state.unsent = [...this.state.unsent.filter((queued) => queued.id !== record.id), record].slice(-MAX_UNSENT_RECORDS);
  }
}
