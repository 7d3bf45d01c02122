import { AsyncLocalStorage } from 'node:async_hooks';

export interface GroupCommitOptions<TItem, TResult> {
  /** Writes a group of items in one transaction; answers one result per item, in the items' order. */
  commit: (items: readonly TItem[]) => Promise<TResult[]>;
  /** Items of one key never share a group nor commit at the same time: they commit one after the other, in the order submitted. */
  keyOf: (item: TItem) => string;
  /** The size of an item (e.g. its number of reports); a group holds at most `maxWeight`, or one item alone when it is larger. */
  weightOf: (item: TItem) => number;
  maxWeight: number;
  /** Groups committing at the same time (database connections taken). */
  maxConcurrent: number;
}

interface Pending<TItem, TResult> {
  item: TItem;
  key: string;
  weight: number;
  resolve: (result: TResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the items submitted while earlier groups are committing are written together in one
 * transaction (one BEGIN, a few set-based statements, one COMMIT for all), so many concurrent
 * small writes cost the database round trips of one. Nothing waits for a timer: with a connection
 * free, what was submitted is committed at once (after the current turn of the event loop, which
 * gathers the requests that arrived together); while all `maxConcurrent` are busy, items wait and
 * the next group takes them all (up to `maxWeight`).
 *
 * Each item gets its own answer: when a group fails, each of its items is committed again alone,
 * so one item that cannot be written gets its error and the others their results.
 * Commits run in the async context the group commit was made in, not in that of the request
 * that happened to start them.
 */
export class GroupCommit<TItem, TResult> {
  private queue: Pending<TItem, TResult>[] = [];
  /** Keys of the items in groups committing now. */
  private readonly committingKeys = new Set<string>();
  private committing = 0;
  private scheduled = false;
  private readonly detached = AsyncLocalStorage.snapshot();

  constructor(private readonly options: GroupCommitOptions<TItem, TResult>) {}

  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ item, key: this.options.keyOf(item), weight: this.options.weightOf(item), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.committing >= this.options.maxConcurrent) {
      return;
    }
    this.scheduled = true;
    setImmediate(() =>
      this.detached(() => {
        this.scheduled = false;
        this.startGroups();
      }),
    );
  }

  private startGroups(): void {
    while (this.committing < this.options.maxConcurrent) {
      const group = this.takeGroup();
      if (group.length === 0) {
        return;
      }
      this.committing += 1;
      for (const pending of group) this.committingKeys.add(pending.key);
      void this.commitGroup(group).finally(() => {
        this.committing -= 1;
        for (const pending of group) this.committingKeys.delete(pending.key);
        this.schedule();
      });
    }
  }

  /** The oldest items that may commit now: one per key, none of a key committing, up to the weight. */
  private takeGroup(): Pending<TItem, TResult>[] {
    const group: Pending<TItem, TResult>[] = [];
    const waiting: Pending<TItem, TResult>[] = [];
    const skippedKeys = new Set(this.committingKeys);
    let weight = 0;
    let full = false;
    for (const pending of this.queue) {
      // A key skipped once is skipped for the rest of the queue too: a key's items keep their order.
      full ||= group.length > 0 && weight + pending.weight > this.options.maxWeight;
      if (full || skippedKeys.has(pending.key)) {
        waiting.push(pending);
        continue;
      }
      group.push(pending);
      weight += pending.weight;
      skippedKeys.add(pending.key);
    }
    this.queue = waiting;
    return group;
  }

  private async commitGroup(group: readonly Pending<TItem, TResult>[]): Promise<void> {
    try {
      const results = await this.options.commit(group.map((pending) => pending.item));
      group.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      // One item may be what failed the group: each alone gets its own result or error.
      for (const pending of group) {
        try {
          const [result] = await this.options.commit([pending.item]);
          pending.resolve(result);
        } catch (itemError) {
          pending.reject(itemError);
        }
      }
    }
  }
}
