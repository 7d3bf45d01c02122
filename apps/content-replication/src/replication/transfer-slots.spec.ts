import { TransferSlots } from './transfer-slots';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TransferSlots', () => {
  it('holds the limit of one DP across callers and grants waiters in arrival order', async () => {
    const slots = new TransferSlots();
    const first = await slots.acquire('dp-a', 2);
    const second = await slots.acquire('dp-a', 2);
    const granted: string[] = [];
    const third = slots.acquire('dp-a', 2).then((release) => (granted.push('third'), release));
    const fourth = slots.acquire('dp-a', 2).then((release) => (granted.push('fourth'), release));
    await tick();
    expect(granted).toEqual([]);
    expect(slots.inUse('dp-a')).toBe(2);

    first();
    first();
    await tick();
    expect(granted).toEqual(['third']);
    expect(slots.inUse('dp-a')).toBe(2);
    second();
    await tick();
    expect(granted).toEqual(['third', 'fourth']);
    (await third)();
    (await fourth)();
    expect(slots.inUse('dp-a')).toBe(0);
  });

  it('keeps DPs independent', async () => {
    const slots = new TransferSlots();
    const a = await slots.acquire('dp-a', 1);
    const b = await slots.acquire('dp-b', 1);
    expect(slots.inUse('dp-a')).toBe(1);
    expect(slots.inUse('dp-b')).toBe(1);
    a();
    b();
  });

  it('never has more in flight than the limit under many concurrent jobs', async () => {
    const slots = new TransferSlots();
    let running = 0;
    let peak = 0;
    const job = async (): Promise<void> => {
      for (let copy = 0; copy < 5; copy++) {
        const release = await slots.acquire('dp-a', 3);
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
        release();
      }
    };
    await Promise.all([job(), job(), job(), job()]);
    expect(peak).toBe(3);
    expect(slots.inUse('dp-a')).toBe(0);
  });

  it('drops a waiter whose job is aborted without taking a slot', async () => {
    const slots = new TransferSlots();
    const held = await slots.acquire('dp-a', 1);
    const controller = new AbortController();
    const waiting = slots.acquire('dp-a', 1, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    held();
    expect(slots.inUse('dp-a')).toBe(0);
    await expect(slots.acquire('dp-a', 1, controller.signal)).rejects.toThrow('stopped');
  });
});
