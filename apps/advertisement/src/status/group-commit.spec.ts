import { AsyncLocalStorage } from 'node:async_hooks';
import { GroupCommit } from './group-commit';

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

  commit = (items: readonly Item[]): Promise<number[]> => {
    this.groups.push([...items]);
    return new Promise((resolve, reject) => {
      this.finishers.push(() => (this.failWhen(items) ? reject(new Error(`group of ${items.map((item) => item.value).join(',')} failed`)) : resolve(items.map((item) => item.value * 10))));
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

function groupCommit(recorder: Recorder, maxConcurrent = 1, maxWeight = 100): GroupCommit<Item, number> {
  return new GroupCommit<Item, number>({ commit: recorder.commit, keyOf: (item) => item.key, weightOf: (item) => item.weight ?? 1, maxWeight, maxConcurrent });
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

describe('GroupCommit', () => {
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

  it('runs up to maxConcurrent groups at once, of at most maxWeight, a heavier item alone', async () => {
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
      commit: async (items) => {
        seen.push(request.getStore());
        return items.map((item) => item.value);
      },
      keyOf: (item) => item.key,
      weightOf: () => 1,
      maxWeight: 10,
      maxConcurrent: 1,
    });
    const answer = request.run('request A', () => commits.submit({ key: 'a', value: 1 }).then((result) => ({ result, store: request.getStore() })));
    await expect(answer).resolves.toEqual({ result: 1, store: 'request A' });
    expect(seen).toEqual([undefined]);
  });
});
