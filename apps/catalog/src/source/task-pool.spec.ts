import { TaskPool } from './task-pool';

describe('TaskPool', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let index = 0; index < 20; index += 1) {
      await pool.submit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        done += 1;
      });
    }
    await pool.drain();
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  it('reports the first failure on drain, after everything running settled', async () => {
    const pool = new TaskPool(2);
    let finished = 0;
    await pool.submit(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      finished += 1;
    });
    await pool.submit(async () => {
      throw new Error('first');
    });
    await expect(pool.drain()).rejects.toThrow('first');
    expect(finished).toBe(1);
  });
});
