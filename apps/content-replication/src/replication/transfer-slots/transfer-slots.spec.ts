import { TransferSlotLeases } from './transfer-slot-leases';
import { TransferSlots } from './transfer-slots';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The lease table as a map, shared by the replicas of a test (the PostgreSQL one has its own integration test). */
class LeaseTable {
  readonly holders = new Map<string, string>();
  leaseCalls = 0;

  replica(holder: string): TransferSlotLeases {
    const key = (distributionPoint: string, slot: number) => `${distributionPoint}#${slot}`;
    return {
      lease: async (distributionPoint, limit, count) => {
        this.leaseCalls++;
        const leased: number[] = [];
        for (let slot = 0; slot < limit && leased.length < count; slot++) {
          if (!this.holders.has(key(distributionPoint, slot))) {
            this.holders.set(key(distributionPoint, slot), holder);
            leased.push(slot);
          }
        }
        return leased;
      },
      giveBack: async (distributionPoint, slot) => {
        if (this.holders.get(key(distributionPoint, slot)) === holder) this.holders.delete(key(distributionPoint, slot));
      },
      renewAll: async () => undefined,
      giveBackAll: async () => {
        for (const [slotKey, slotHolder] of this.holders) if (slotHolder === holder) this.holders.delete(slotKey);
      },
    };
  }

  heldBy(holder: string): number {
    return [...this.holders.values()].filter((slotHolder) => slotHolder === holder).length;
  }
}

const oneReplica = (): TransferSlots => new TransferSlots(new LeaseTable().replica('a'), { renewEveryMs: 1000 });

describe('TransferSlots', () => {
  it('holds the limit of one DP across callers and grants waiters in arrival order', async () => {
    const slots = oneReplica();
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
    const slots = oneReplica();
    const a = await slots.acquire('dp-a', 1);
    const b = await slots.acquire('dp-b', 1);
    expect(slots.inUse('dp-a')).toBe(1);
    expect(slots.inUse('dp-b')).toBe(1);
    a();
    b();
  });

  it('never has more in flight than the limit under many concurrent jobs', async () => {
    const slots = oneReplica();
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
    const slots = oneReplica();
    const held = await slots.acquire('dp-a', 1);
    const controller = new AbortController();
    const waiting = slots.acquire('dp-a', 1, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    held();
    expect(slots.inUse('dp-a')).toBe(0);
    await expect(slots.acquire('dp-a', 1, controller.signal)).rejects.toThrow('stopped');
  });

  it('keeps the limit across replicas: one waits until the other gives a slot back', async () => {
    const table = new LeaseTable();
    const a = new TransferSlots(table.replica('a'), { renewEveryMs: 1000, lingerMs: 50, retryLeaseMs: 20 });
    const b = new TransferSlots(table.replica('b'), { renewEveryMs: 1000, lingerMs: 50, retryLeaseMs: 20 });
    const onA = await Promise.all([a.acquire('dp-a', 2), a.acquire('dp-a', 2)]);
    let bGranted = false;
    const onB = b.acquire('dp-a', 2).then((release) => ((bGranted = true), release));
    await sleep(100);
    expect(bGranted).toBe(false);
    expect(table.heldBy('a')).toBe(2);

    onA[0]();
    await sleep(150);
    expect(bGranted).toBe(true);
    expect(table.heldBy('a')).toBe(1);
    expect(table.heldBy('b')).toBe(1);
    onA[1]();
    (await onB)();
    await sleep(100);
    expect(table.holders.size).toBe(0);
  });

  it('leases the slots of copies that start together in one ask after the first, and no more than they need', async () => {
    const table = new LeaseTable();
    const slots = new TransferSlots(table.replica('a'), { renewEveryMs: 1000, lingerMs: 50 });
    const releases = await Promise.all(Array.from({ length: 5 }, () => slots.acquire('dp-a', 8)));
    expect(table.leaseCalls).toBe(2);
    expect(slots.leasedCount('dp-a')).toBe(5);
    expect(table.heldBy('a')).toBe(5);
    releases.forEach((release) => release());
    await sleep(100);
    expect(table.holders.size).toBe(0);
  });

  it('hands a released slot to the next copy of the same replica without asking the table again', async () => {
    const table = new LeaseTable();
    const slots = new TransferSlots(table.replica('a'), { renewEveryMs: 1000, lingerMs: 50 });
    for (let copy = 0; copy < 20; copy++) (await slots.acquire('dp-a', 4))();
    expect(table.leaseCalls).toBe(1);
    expect(slots.leasedCount('dp-a')).toBe(1);
    await sleep(100);
    expect(slots.leasedCount('dp-a')).toBe(0);
    expect(table.holders.size).toBe(0);
  });

  it('leases ahead, in one ask, the slots a job will want, so its copies start without asking the table', async () => {
    const table = new LeaseTable();
    const slots = new TransferSlots(table.replica('a'), { renewEveryMs: 1000, lingerMs: 50 });
    await slots.prepare('dp-a', 4, 10);
    expect(table.leaseCalls).toBe(1);
    expect(slots.leasedCount('dp-a')).toBe(4);
    const releases = await Promise.all(Array.from({ length: 3 }, () => slots.acquire('dp-a', 4)));
    expect(table.leaseCalls).toBe(1);
    await slots.prepare('dp-a', 4, 1);
    expect(table.leaseCalls).toBe(1);
    releases.forEach((release) => release());
    await sleep(100);
    expect(table.holders.size).toBe(0);
  });

  it('serves copies that asked while it leased ahead, and gives back what no copy took', async () => {
    const table = new LeaseTable();
    const slots = new TransferSlots(table.replica('a'), { renewEveryMs: 1000, lingerMs: 50 });
    const preparing = slots.prepare('dp-a', 3, 3);
    const release = await slots.acquire('dp-a', 3);
    await preparing;
    expect(table.leaseCalls).toBe(1);
    expect(slots.inUse('dp-a')).toBe(1);
    await sleep(100);
    expect(table.heldBy('a')).toBe(1);
    release();
    await sleep(100);
    expect(table.holders.size).toBe(0);
  });

  it('gives every lease back when the service stops', async () => {
    const table = new LeaseTable();
    const slots = new TransferSlots(table.replica('a'), { renewEveryMs: 1000 });
    await slots.acquire('dp-a', 2);
    await slots.acquire('dp-b', 2);
    expect(table.heldBy('a')).toBe(2);
    await slots.onApplicationShutdown();
    expect(table.holders.size).toBe(0);
  });
});
