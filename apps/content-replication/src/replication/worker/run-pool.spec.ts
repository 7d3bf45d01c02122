import { runPool } from './run-pool';

describe('runPool', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      done.push(item);
      running--;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops starting items after a failure and reports it', async () => {
    const started: number[] = [];
    await expect(
      runPool([1, 2, 3, 4], 1, async (item) => {
        started.push(item);
        if (item === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('lease lost'));
    await expect(runPool([1], 2, async () => undefined, controller.signal)).rejects.toThrow('lease lost');
  });
});
