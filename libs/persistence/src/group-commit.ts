import { AsyncLocalStorage } from 'node:async_hooks';

/** What a group answers for one of its items: its own value or its own error. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, R> {
  /**
   * Does a group of items in one transaction and answers each item, in the order given. An item's
   * own refusal (a 4xx) is its outcome; throwing fails the whole group (its transaction rolled
   * back), after which every item of it is done again alone, so one bad item fails only itself.
   */
  handle(items: readonly I[]): Promise<ItemOutcome<R>[]>;
  /** At most this much a group: items, or the sum of `weightOf` (an item heavier than this goes alone). */
  maxItems: number;
  /** How much an item counts toward `maxItems` (e.g. its number of reports). Default 1. */
  weightOf?(item: I): number;
  /**
   * How long a group that is not full waits for more items after its first one. Default 0: it goes
   * after the current turn of the event loop, which gathers the requests that arrived together.
   */
  maxDelayMs?: number;
  /** Groups under way at once (each holds a database connection). Default 1. */
  maxInFlight?: number;
  /**
   * Items of one key never share a group nor are under way at once: they are done one after the
   * other, in the order submitted, so a group never has to order two changes of the same thing.
   */
  keyOf?(item: I): string;
}

interface Waiting<I, R> {
  readonly item: I;
  readonly key: string | undefined;
  readonly weight: number;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the writes of concurrent requests in one transaction of a few multi-row
 * statements, so a burst costs the round trips and the commit of one request instead of one each.
 * What comes while the groups under way run goes together in the next one. Each caller still gets
 * its own answer or its own error.
 *
 * A group runs in the async context the GroupCommit was made in, not in that of the request that
 * happened to start it: nothing a request keeps in its context (its trace, the events it names in
 * its answer) leaks into the others'. What a caller needs from the group, it gets in its answer.
 */
export class GroupCommit<I, R> {
  private queue: Waiting<I, R>[] = [];
  /** The sum of the weights in the queue. */
  private queuedWeight = 0;
  /** Keys of the items in groups under way. */
  private readonly busyKeys = new Set<string>();
  private inFlight = 0;
  /** A start of groups is set: after this turn of the event loop, or when the delay has passed. */
  private scheduled: 'immediate' | 'timer' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly detached = AsyncLocalStorage.snapshot();
  private readonly maxInFlight: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: GroupCommitOptions<I, R>) {
    if (options.maxItems < 1) throw new Error('maxItems must be at least 1');
    this.maxInFlight = options.maxInFlight ?? 1;
    this.maxDelayMs = options.maxDelayMs ?? 0;
  }

  /** Queues `item` for the next group; settles with its own outcome once that group committed (or failed). */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = this.options.weightOf?.(item) ?? 1;
      this.queue.push({ item, key: this.options.keyOf?.(item), weight, resolve, reject });
      this.queuedWeight += weight;
      this.schedule();
    });
  }

  /** Items waiting for a group. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight || this.scheduled === 'immediate') {
      return; // a group under way schedules the next when it ends
    }
    if (this.queuedWeight >= this.options.maxItems || this.maxDelayMs === 0) {
      this.startSoon();
    } else if (this.scheduled === undefined) {
      this.scheduled = 'timer';
      this.timer = setTimeout(() => this.startNow(), this.maxDelayMs);
    }
  }

  /** After the current turn of the event loop, which gathers the items that arrived together. */
  private startSoon(): void {
    if (this.scheduled === 'immediate') {
      return;
    }
    clearTimeout(this.timer);
    this.scheduled = 'immediate';
    setImmediate(() => this.startNow());
  }

  private startNow(): void {
    this.detached(() => {
      this.scheduled = undefined;
      this.timer = undefined;
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < this.maxInFlight) {
      const group = this.takeGroup();
      if (group.length === 0) {
        return;
      }
      this.inFlight += 1;
      const keys = group.flatMap((waiting) => (waiting.key === undefined ? [] : [waiting.key]));
      for (const key of keys) this.busyKeys.add(key);
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        for (const key of keys) this.busyKeys.delete(key);
        // What came meanwhile has waited at least as long as a group takes: it goes at once.
        if (this.queue.length > 0) {
          this.startSoon();
        }
      });
    }
  }

  /** The oldest items that may go now, up to maxItems: one per key, none of a key under way; the others keep their place. */
  private takeGroup(): Waiting<I, R>[] {
    const group: Waiting<I, R>[] = [];
    const rest: Waiting<I, R>[] = [];
    const skippedKeys = new Set(this.busyKeys);
    let weight = 0;
    let full = false;
    for (const waiting of this.queue) {
      full ||= group.length > 0 && weight + waiting.weight > this.options.maxItems;
      // A key skipped once is skipped for the rest of the queue too: a key's items keep their order.
      if (full || (waiting.key !== undefined && skippedKeys.has(waiting.key))) {
        rest.push(waiting);
        continue;
      }
      group.push(waiting);
      weight += waiting.weight;
      this.queuedWeight -= waiting.weight;
      if (waiting.key !== undefined) skippedKeys.add(waiting.key);
    }
    this.queue = rest;
    return group;
  }

  private async run(group: readonly Waiting<I, R>[]): Promise<void> {
    let outcomes: ItemOutcome<R>[];
    try {
      outcomes = await this.options.handle(group.map((waiting) => waiting.item));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      // Nothing of the group was written: each item again on its own, so only a bad one fails.
      for (const waiting of group) {
        await this.run([waiting]);
      }
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index] ?? { ok: false, error: new Error(`a group of ${group.length} items answered ${outcomes.length}`) };
      if (outcome.ok) {
        waiting.resolve(outcome.value);
      } else {
        waiting.reject(outcome.error);
      }
    });
  }
}
