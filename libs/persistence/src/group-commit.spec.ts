import { GroupCommit, GroupCommitOptions, ItemOutcome } from './group-commit';

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

  it('never puts two items of one key in a batch; the later waits for the next, the others keep their place', async () => {
    const { batcher, batches } = recording({ maxItems: 3, maxDelayMs: 1, keyOf: (item) => item[0] });
    // Three queued make a full queue: the batch goes at once, without the second x.
    await Promise.all(['x1', 'x2', 'y1', 'z1', 'w1'].map((item) => batcher.submit(item)));
    expect(batches).toEqual([['x1', 'y1'], ['x2', 'z1', 'w1']]);
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
