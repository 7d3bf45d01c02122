import { AsyncLocalStorage } from 'node:async_hooks';
import { GroupCommit, GroupCommitOptions, ItemOutcome } from './group-commit';

interface Item {
  key: string;
  value: number;
  weight?: number;
}

/** A commit that records its groups and lets the test decide when each finishes. */
class Recorder {
  readonly groups: Item[][] = [];
  private readonly finishers: (() => void)[] = [];
  failWhen: (items: readonly Item[]) => boolean = () => false;

  handle = (items: readonly Item[]): Promise<ItemOutcome<number>[]> => {
    this.groups.push([...items]);
    return new Promise((resolve, reject) => {
      this.finishers.push(() =>
        this.failWhen(items) ? reject(new Error(`group of ${items.map((item) => item.value).join(',')} failed`)) : resolve(items.map((item) => ({ ok: true, value: item.value * 10 }))),
      );
    });
  };

  /** Finishes the oldest unfinished commit. */
  finishNext(): void {
    this.finishers.shift()?.();
  }

  get unfinished(): number {
    return this.finishers.length;
  }
}

function groupCommit(recorder: Recorder, maxInFlight = 1, maxItems = 100): GroupCommit<Item, number> {
  return new GroupCommit<Item, number>({ handle: recorder.handle, keyOf: (item) => item.key, weightOf: (item) => item.weight ?? 1, maxItems, maxInFlight });
}

/** Lets the group commit's setImmediate and the promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

async function finishAll(recorder: Recorder): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    await settle();
    if (recorder.unfinished === 0) return;
    while (recorder.unfinished > 0) recorder.finishNext();
  }
  throw new Error('commits keep coming');
}


/** A batcher whose handler records each batch it got and answers each item by `answer`. */
function recording(
  options: Partial<GroupCommitOptions<string, string>> & { answer?: (item: string) => ItemOutcome<string>; failBatchWith?: (items: readonly string[]) => Error | undefined } = {},
): { batcher: GroupCommit<string, string>; batches: string[][] } {
  const batches: string[][] = [];
  const answer = options.answer ?? ((item: string): ItemOutcome<string> => ({ ok: true, value: `done ${item}` }));
  const batcher = new GroupCommit<string, string>({
    maxItems: 10,
    maxDelayMs: 5,
    ...options,
    handle: async (items) => {
      batches.push([...items]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const failure = options.failBatchWith?.(items);
      if (failure) throw failure;
      return items.map(answer);
    },
  });
  return { batcher, batches };
}

describe('GroupCommit', () => {
  it('hands a full batch over at once, without waiting for the delay', async () => {
    const { batcher, batches } = recording({ maxItems: 3, maxDelayMs: 60_000 });
    const answers = await Promise.all(['a', 'b', 'c'].map((item) => batcher.submit(item)));
    expect(answers).toEqual(['done a', 'done b', 'done c']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('hands a batch that is not full over once the delay after its first item has passed', async () => {
    const { batcher, batches } = recording({ maxItems: 100, maxDelayMs: 20 });
    const started = Date.now();
    const first = batcher.submit('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = batcher.submit('b');
    expect(batches).toEqual([]);
    expect(await Promise.all([first, second])).toEqual(['done a', 'done b']);
    expect(batches).toEqual([['a', 'b']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('keeps the order items came in, within a batch and from batch to batch', async () => {
    const { batcher, batches } = recording({ maxItems: 4, maxDelayMs: 1 });
    const items = Array.from({ length: 11 }, (_, index) => `i${index}`);
    await Promise.all(items.map((item) => batcher.submit(item)));
    expect(batches.flat()).toEqual(items);
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 3]);
  });

  it('gathers what comes while a batch is under way into the next one', async () => {
    const { batcher, batches } = recording({ maxItems: 100, maxDelayMs: 1 });
    const first = batcher.submit('a');
    await new Promise((resolve) => setTimeout(resolve, 3)); // the first batch is under way
    const later = ['b', 'c', 'd'].map((item) => batcher.submit(item));
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('answers each item with its own refusal, the others with their values', async () => {
    const refused = new Error('b is refused');
    const { batcher, batches } = recording({ answer: (item) => (item === 'b' ? { ok: false, error: refused } : { ok: true, value: `done ${item}` }) });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => batcher.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'done a' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'done c' },
    ]);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('does each item of a failed batch again alone, so only the bad one fails', async () => {
    const broken = new Error('b breaks any batch it is in');
    const { batcher, batches } = recording({ failBatchWith: (items) => (items.includes('b') ? broken : undefined) });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => batcher.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'done a' },
      { status: 'rejected', reason: broken },
      { status: 'fulfilled', value: 'done c' },
    ]);
    expect(batches).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  it('runs at most maxInFlight batches at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new GroupCommit<number, number>({
      maxItems: 2,
      maxDelayMs: 1,
      maxInFlight: 2,
      handle: async (items) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return items.map((value) => ({ ok: true, value: value * 2 }));
      },
    });
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((item) => batcher.submit(item)))).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(most).toBe(2);
  });
});

describe('GroupCommit without a delay, with keys and weights', () => {
  it('commits what is submitted together in one group, each answered with its own result', async () => {
    const recorder = new Recorder();
    const commits = groupCommit(recorder);
    const answers = Promise.all([commits.submit({ key: 'a', value: 1 }), commits.submit({ key: 'b', value: 2 }), commits.submit({ key: 'c', value: 3 })]);
    await finishAll(recorder);
    await expect(answers).resolves.toEqual([10, 20, 30]);
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 2, 3]]);
  });

  it('gathers what comes while a group commits into the next group', async () => {
    const recorder = new Recorder();
    const commits = groupCommit(recorder);
    const first = commits.submit({ key: 'a', value: 1 });
    await settle();
    const later = [commits.submit({ key: 'b', value: 2 }), commits.submit({ key: 'c', value: 3 })];
    await settle();
    expect(recorder.groups).toHaveLength(1);
    await finishAll(recorder);
    await expect(Promise.all([first, ...later])).resolves.toEqual([10, 20, 30]);
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1], [2, 3]]);
  });

  it('never puts two items of one key in a group nor commits them at once, and keeps their order', async () => {
    const recorder = new Recorder();
    const commits = groupCommit(recorder, 2);
    const answers = Promise.all([
      commits.submit({ key: 'a', value: 1 }),
      commits.submit({ key: 'a', value: 2 }),
      commits.submit({ key: 'b', value: 3 }),
      commits.submit({ key: 'a', value: 4 }),
    ]);
    await settle();
    // Two may commit at once, but the second group would hold only a's items: it waits for the first.
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 3]]);
    await finishAll(recorder);
    await expect(answers).resolves.toEqual([10, 20, 30, 40]);
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 3], [2], [4]]);
  });

  it('runs up to maxInFlight groups at once, of at most maxItems in weight, a heavier item alone', async () => {
    const recorder = new Recorder();
    const commits = groupCommit(recorder, 2, 5);
    const answers = Promise.all([
      commits.submit({ key: 'a', value: 1, weight: 3 }),
      commits.submit({ key: 'b', value: 2, weight: 2 }),
      commits.submit({ key: 'c', value: 3, weight: 9 }),
      commits.submit({ key: 'd', value: 4, weight: 1 }),
    ]);
    await settle();
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 2], [3]]);
    expect(recorder.unfinished).toBe(2);
    await finishAll(recorder);
    await expect(answers).resolves.toEqual([10, 20, 30, 40]);
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 2], [3], [4]]);
  });

  it('when a group fails, commits each item alone: only the bad one gets the error', async () => {
    const recorder = new Recorder();
    recorder.failWhen = (items) => items.some((item) => item.value === 2);
    const commits = groupCommit(recorder);
    const answers = [1, 2, 3].map((value) => commits.submit({ key: String(value), value }).then((result) => ({ result }), (error: Error) => ({ error: error.message })));
    await finishAll(recorder);
    await expect(Promise.all(answers)).resolves.toEqual([{ result: 10 }, { error: 'group of 2 failed' }, { result: 30 }]);
    expect(recorder.groups.map((group) => group.map((item) => item.value))).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('a failed group frees its keys: the next items of the key still commit', async () => {
    const recorder = new Recorder();
    recorder.failWhen = (items) => items.some((item) => item.value === 1);
    const commits = groupCommit(recorder);
    const failed = commits.submit({ key: 'a', value: 1 }).catch((error: Error) => error.message);
    const next = commits.submit({ key: 'a', value: 2 });
    await finishAll(recorder);
    await expect(failed).resolves.toBe('group of 1 failed');
    await expect(next).resolves.toBe(20);
  });

  it('commits in the context it was made in, not in that of the request that started the group', async () => {
    const request = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const commits = new GroupCommit<Item, number>({
      handle: async (items) => {
        seen.push(request.getStore());
        return items.map((item) => ({ ok: true, value: item.value }));
      },
      maxItems: 10,
    });
    const answer = request.run('request A', () => commits.submit({ key: 'a', value: 1 }).then((result) => ({ result, store: request.getStore() })));
    await expect(answer).resolves.toEqual({ result: 1, store: 'request A' });
    expect(seen).toEqual([undefined]);
  });
});
