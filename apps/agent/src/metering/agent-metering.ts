import { HttpError } from '../api/http';
import type { Credentials } from '../api/service-client';
import type { EventLog } from '../agent/event-log';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';
import { MeteringClient } from './metering-client';
import type { ObservedProcess } from './process-matcher';
import { EMPTY_METERING_STATE, MeteringState, UsageTracker } from './usage-tracker';

/** Records per request; the service takes up to USAGE_BATCH_LIMIT (1000). */
export const USAGE_BATCH_SIZE = 500;
/** After a failed exchange with the metering service, wait this long (unless it said how long). */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface AgentMeteringOptions {
  meteringUrl: string;
  /** How often the process list is sampled. */
  sampleSeconds: number;
  /** How often the rules are asked for again (with their ETag). */
  rulesRefreshSeconds: number;
  /** metering.json in the data dir: rules, open runs and unsent records, kept across restarts. */
  statePath: string;
  listProcesses: () => Promise<ObservedProcess[]>;
  /**
   * Runs `work` with this client's credentials (renewing a refused token); undefined when it
   * cannot now: not registered yet, or another process holds the data dir.
   */
  withCredentials: <T>(work: (credentials: Credentials) => Promise<T>) => Promise<T | undefined>;
  log: EventLog;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * Software metering on the agent: fetches the rules for this computer, samples the running
 * processes every `sampleSeconds`, keeps the runs of matching programs as usage records on disk
 * and sends them in batches; the service stores each record ID once, so a batch sent again after
 * a failure or a restart counts once.
 */
export class AgentMetering {
  private readonly client: MeteringClient;
  private readonly now: () => number;
  private nextRulesAt = 0;
  private nextSendAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  private constructor(
    private readonly options: AgentMeteringOptions,
    private readonly tracker: UsageTracker,
  ) {
    this.client = new MeteringClient(options.meteringUrl, options.fetch);
    this.now = options.now ?? Date.now;
  }

  static async load(options: AgentMeteringOptions): Promise<AgentMetering> {
    const state = (await readJsonFile<MeteringState>(options.statePath)) ?? structuredClone(EMPTY_METERING_STATE);
    return new AgentMetering(options, new UsageTracker(state, options.sampleSeconds * 1000));
  }

  get state(): MeteringState {
    return this.tracker.state;
  }

  /** Samples every `sampleSeconds` until stop(); a sample still running when the next is due is not doubled. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.sampleSeconds * 1000);
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: rules when due, a sample, the state saved if it changed, unsent records sent when due. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .catch((error: unknown) => this.options.log.error(`metering: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async round(): Promise<void> {
    const now = this.now();
    let changed = false;
    if (now >= this.nextRulesAt) {
      changed = await this.refreshRules(now);
    }
    if (this.tracker.state.rules !== null) {
      changed = this.tracker.observe(await this.options.listProcesses(), this.now()) || changed;
    }
    if (changed) {
      await this.save();
    }
    if (this.tracker.state.unsent.length > 0 && this.now() >= this.nextSendAt) {
      await this.send();
    }
  }

  private async refreshRules(now: number): Promise<boolean> {
    const current = this.tracker.state.rules;
    try {
      const answer = await this.options.withCredentials((credentials) => this.client.rules(credentials, current?.etag ?? null));
      if (answer === undefined) {
        return false;
      }
      this.nextRulesAt = now + this.options.rulesRefreshSeconds * 1000;
      if (!answer.changed) {
        return false;
      }
      this.tracker.state.rules = { etag: answer.etag, rules: answer.body.rules };
      this.options.log.event('metering-rules', { rules: answer.body.rules.map((rule) => rule.id) });
      return true;
    } catch (error) {
      this.nextRulesAt = now + this.retryDelayMs(error);
      this.options.log.error(`metering: rules not fetched, using the stored ones: ${(error as Error).message}`);
      return false;
    }
  }

  private async send(): Promise<void> {
    try {
      while (this.tracker.state.unsent.length > 0) {
        const batch = this.tracker.batch(USAGE_BATCH_SIZE);
        const result = await this.options.withCredentials((credentials) => this.client.sendUsage(credentials, batch));
        if (result === undefined) {
          return;
        }
        this.tracker.acknowledge(batch);
        await this.save();
        this.options.log.event('metering-usage-sent', { ...result });
      }
    } catch (error) {
      if (error instanceof HttpError && (error.status === 400 || error.status === 422)) {
        // The service will never take this batch (a record it finds malformed, or in the future
        // by a clock far off): drop it rather than let it hold back every later record.
        const dropped = this.tracker.batch(USAGE_BATCH_SIZE);
        this.tracker.acknowledge(dropped);
        await this.save();
        this.options.log.error(`metering: ${dropped.length} usage records refused and dropped: ${error.message}`);
        return;
      }
      this.nextSendAt = this.now() + this.retryDelayMs(error);
      this.options.log.error(`metering: usage not sent, kept for later: ${(error as Error).message}`);
    }
  }

  /** What the service asked for (Retry-After: a client it does not know yet, throttling), else a minute. */
  private retryDelayMs(error: unknown): number {
    const asked = error instanceof HttpError ? error.retryAfterSeconds : undefined;
    return asked !== undefined ? asked * 1000 : RETRY_AFTER_FAILURE_MS;
  }

  private save(): Promise<void> {
    return writeJsonAtomic(this.options.statePath, this.tracker.state);
  }
}
