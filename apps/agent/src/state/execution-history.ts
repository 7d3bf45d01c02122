import { randomUUID } from 'node:crypto';
import type { AdvertisementHistory } from '../decisions/evaluate-advertisement';
import { isSuccess, RunOutcome } from '../decisions/rerun';
import { readJsonFile } from './atomic-file';
import { SerialJsonWriter } from './serial-writer';

/** One program run: RUNNING is written before the process starts, so a crash leaves a trace. */
export interface RunRecord {
  id: string;
  advertisementId: string;
  packageId: string;
  program: string;
  contentVersion: number;
  role: 'dependency' | 'advertised';
  /** The history key: for a runOncePer: user program the occurrence of `user`. */
  occurrence: string;
  /** Whom a runOncePer: user program ran for; absent for a computer-wide run. */
  user?: string;
  outcome: RunOutcome | 'RUNNING';
  exitCode: number | null;
  detail: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Process (group) ID while RUNNING, so a restarted agent can end what a crash left behind. */
  pid?: number | null;
}

/** A failed attempt that will be tried again (retry exit code, content not downloaded), persisted so a restart neither loses nor resets it. */
export interface PendingRetry {
  /** The history key of the occurrence being retried. */
  occurrence: string;
  /** Attempts of that occurrence that failed so far. */
  failedAttempts: number;
  /** ISO-8601: not before this moment. */
  nextAttemptAt: string;
}

interface AdvertisementState {
  handled: string[];
  lastOutcome: RunOutcome | null;
  /** Per user, for runOncePer: user programs; absent in histories written before it existed. */
  lastOutcomeByUser?: Record<string, RunOutcome>;
  retryOnNextPoll: boolean;
  accepted: boolean;
  expiredReported: boolean;
  /** The WAITING reason last reported, so a re-check every few seconds does not repeat it. */
  lastWaiting: string | null;
  /** Absent in histories written before retries had a back-off. */
  pendingRetry?: PendingRetry | null;
  /** The administrator's "retry failed" generation this computer last acted on (absent = 0). */
  retryGeneration?: number;
}

interface HistoryDocument {
  runs: RunRecord[];
  advertisements: Record<string, AdvertisementState>;
}

const MAX_RUNS = 2000;
const MAX_HANDLED_PER_ADVERTISEMENT = 100;

/** The execution history of this computer, saved (atomically) after every change. */
export class ExecutionHistory {
  private readonly writer: SerialJsonWriter;

  private constructor(
    path: string,
    private readonly document: HistoryDocument,
  ) {
    this.writer = new SerialJsonWriter(path, () => this.document);
  }

  static async load(path: string): Promise<ExecutionHistory> {
    const document = (await readJsonFile<HistoryDocument>(path)) ?? { runs: [], advertisements: {} };
    return new ExecutionHistory(path, document);
  }

  of(advertisementId: string): AdvertisementHistory {
    const state = this.document.advertisements[advertisementId];
    return {
      lastOutcome: state?.lastOutcome ?? undefined,
      lastOutcomeOfUser: (user) => state?.lastOutcomeByUser?.[user],
      isHandled: (occurrence) => state?.handled.includes(occurrence) ?? false,
      retryOnNextPoll: state?.retryOnNextPoll ?? false,
      pendingRetry: state?.pendingRetry ?? undefined,
    };
  }

  /** Failed attempts of this occurrence so far (0 unless a retry of it is pending). */
  failedAttempts(advertisementId: string, occurrence: string): number {
    const pending = this.stateOf(advertisementId).pendingRetry;
    return pending?.occurrence === occurrence ? pending.failedAttempts : 0;
  }

  retryGeneration(advertisementId: string): number {
    return this.stateOf(advertisementId).retryGeneration ?? 0;
  }

  /**
   * The administrator asked for a retry (a new generation in the policy): a last run that did not
   * succeed is forgotten, so its occurrence is due again and no rerun rule or back-off holds it.
   * A run that succeeded since is left alone — unless the generation is a `rerun`, which forgets
   * any last run; the generation is remembered either way.
   */
  async acceptRetryGeneration(advertisementId: string, generation: number, options: { rerun?: boolean } = {}): Promise<void> {
    const state = this.stateOf(advertisementId);
    if (options.rerun || state.lastOutcome === null || !isSuccess(state.lastOutcome)) {
      Object.assign(state, { handled: [], lastOutcome: null, lastOutcomeByUser: {}, pendingRetry: null, retryOnNextPoll: false, lastWaiting: null });
    }
    state.retryGeneration = generation;
    await this.save();
  }

  everSucceeded(packageId: string, program: string): boolean {
    return this.document.runs.some(
      (run) => run.packageId === packageId && run.program === program && run.outcome !== 'RUNNING' && isSuccess(run.outcome),
    );
  }

  isAccepted(advertisementId: string): boolean {
    return this.stateOf(advertisementId).accepted;
  }

  expiredReported(advertisementId: string): boolean {
    return this.stateOf(advertisementId).expiredReported;
  }

  lastWaiting(advertisementId: string): string | null {
    return this.stateOf(advertisementId).lastWaiting;
  }

  /** Runs that were RUNNING when the agent stopped. */
  interrupted(): RunRecord[] {
    return this.document.runs.filter((run) => run.outcome === 'RUNNING');
  }

  async update(advertisementId: string, change: Partial<AdvertisementState>): Promise<void> {
    Object.assign(this.stateOf(advertisementId), change);
    await this.save();
  }

  /** `user`: the occurrence was that user's (runOncePer: user); their last outcome is kept too. */
  async markHandled(advertisementId: string, occurrence: string, lastOutcome: RunOutcome | null, user?: string): Promise<void> {
    const state = this.stateOf(advertisementId);
    if (!state.handled.includes(occurrence)) {
      state.handled.push(occurrence);
      state.handled.splice(0, Math.max(0, state.handled.length - MAX_HANDLED_PER_ADVERTISEMENT));
    }
    state.lastOutcome = lastOutcome ?? state.lastOutcome;
    if (user !== undefined && lastOutcome !== null) {
      state.lastOutcomeByUser = { ...state.lastOutcomeByUser, [user]: lastOutcome };
    }
    state.retryOnNextPoll = false;
    state.lastWaiting = null;
    state.pendingRetry = null;
    await this.save();
  }

  async recordStart(run: Omit<RunRecord, 'id' | 'outcome' | 'exitCode' | 'detail' | 'finishedAt'>): Promise<RunRecord> {
    const record: RunRecord = { ...run, id: randomUUID(), outcome: 'RUNNING', exitCode: null, detail: null, finishedAt: null };
    this.document.runs.push(record);
    this.document.runs.splice(0, Math.max(0, this.document.runs.length - MAX_RUNS));
    await this.save();
    return record;
  }

  async recordPid(id: string, pid: number): Promise<void> {
    const record = this.document.runs.find((run) => run.id === id);
    if (record) {
      record.pid = pid;
      await this.save();
    }
  }

  async recordFinish(id: string, result: { outcome: RunOutcome; exitCode: number | null; detail: string | null }, at: Date): Promise<void> {
    const record = this.document.runs.find((run) => run.id === id);
    if (record) {
      Object.assign(record, result, { finishedAt: at.toISOString(), pid: null });
      await this.save();
    }
  }

  private stateOf(advertisementId: string): AdvertisementState {
    const known = this.document.advertisements[advertisementId];
    if (known) {
      return known;
    }
    const created: AdvertisementState = { handled: [], lastOutcome: null, retryOnNextPoll: false, accepted: false, expiredReported: false, lastWaiting: null };
    this.document.advertisements[advertisementId] = created;
    return created;
  }

  private save(): Promise<void> {
    return this.writer.save();
  }
}
