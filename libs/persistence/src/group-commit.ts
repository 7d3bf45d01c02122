/** What a batch answers for one of its items: its own value or its own error. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, R> {
  /**
   * Does a batch of items in one transaction and answers each item, in the order given. An item's
   * own refusal (a 4xx) is its outcome; throwing fails the whole batch (its transaction rolled
   * back), after which every item of it is done again alone, so one bad item fails only itself.
   */
  handle(items: readonly I[]): Promise<ItemOutcome<R>[]>;
  /** At most this many items a batch. */
  maxItems: number;
  /** A batch starts at most this long after its first item came, sooner when it is full. */
  maxDelayMs: number;
  /** Batches under way at once (each holds a connection). Default 1. */
  maxInFlight?: number;
  /**
   * Items of one key never share a batch: the later waits for the next one, so a batch never has
   * to order two changes of the same thing among themselves.
   */
  keyOf?(item: I): string;
}

interface Waiting<I, R> {
  readonly item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent requests' writes coalesced into one transaction of few, multi-row
 * statements, so a burst costs a few round trips and one commit per batch instead of per
 * request. Each caller still gets its own answer or its own error; items are handed to `handle`
 * in the order they came.
 */
export class GroupCommit<I, R> {
  private queue: Waiting<I, R>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxInFlight: number;

  constructor(private readonly options: GroupCommitOptions<I, R>) {
    if (options.maxItems < 1) throw new Error('maxItems must be at least 1');
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Queues `item` for the next batch; settles with its own outcome once that batch committed (or failed). */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.inFlight >= this.maxInFlight) {
      return; // the batch under way starts the next when it ends
    }
    if (this.queue.length >= this.options.maxItems) {
      this.flush();
    } else if (this.queue.length > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.maxDelayMs);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight) {
      return;
    }
    const batch = this.take();
    this.inFlight += 1;
    void this.run(batch).finally(() => {
      this.inFlight -= 1;
      // What came meanwhile has waited at least as long as a batch takes: on its way at once.
      if (this.queue.length > 0) {
        this.flush();
      }
    });
  }

  /** The oldest items, at most maxItems, none two of one key; the others keep their place. */
  private take(): Waiting<I, R>[] {
    const keyOf = this.options.keyOf;
    if (!keyOf) {
      return this.queue.splice(0, this.options.maxItems);
    }
    const batch: Waiting<I, R>[] = [];
    const rest: Waiting<I, R>[] = [];
    const keys = new Set<string>();
    for (const waiting of this.queue) {
      const key = keyOf(waiting.item);
      if (batch.length < this.options.maxItems && !keys.has(key)) {
        keys.add(key);
        batch.push(waiting);
      } else {
        rest.push(waiting);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: readonly Waiting<I, R>[]): Promise<void> {
    let outcomes: ItemOutcome<R>[];
    try {
      outcomes = await this.options.handle(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // Nothing of the batch was written: each item again on its own, so only a bad one fails.
      for (const waiting of batch) {
        await this.run([waiting]);
      }
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index] ?? { ok: false, error: new Error(`a batch of ${batch.length} items answered ${outcomes.length}`) };
      if (outcome.ok) {
        waiting.resolve(outcome.value);
      } else {
        waiting.reject(outcome.error);
      }
    });
  }
}
