import { dropDatabase, openServiceDataSource } from '@sdp/persistence';
import { testDatabaseUrl } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { CreateTransferSlotLeases1767225900000 } from '../../migrations/1767225900000-CreateTransferSlotLeases';
import { PostgresTransferSlotLeases } from './transfer-slot-leases';
import { TransferSlots } from './transfer-slots';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Replicas of content-replication share a DP's maxConcurrentTransfers through these leases.
describe('transfer slot leases on PostgreSQL', () => {
  const databaseUrl = testDatabaseUrl('replication_slots_test');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ databaseUrl, entities: [], migrations: [CreateTransferSlotLeases1767225900000] });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('never leases more than the limit across replicas, even when they ask at once', async () => {
    const replicas = Array.from({ length: 4 }, (_, index) => new PostgresTransferSlotLeases(dataSource, `replica-${index}`, 60_000));
    const asks = await Promise.all(replicas.flatMap((replica) => Array.from({ length: 5 }, (_, index) => replica.lease('dp-busy', 6, index + 1))));
    const granted = asks.flat();
    expect(granted.length).toBeLessThanOrEqual(6);
    expect(new Set(granted).size).toBe(granted.length);
    // Whatever the first round left free because two asked for the same slot is there for the next ask.
    while ((await replicas[0].lease('dp-busy', 6, 1)).length > 0);
    const [{ count }]: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM transfer_slot_lease WHERE distribution_point = 'dp-busy'`);
    expect(count).toBe(6);
    await Promise.all(replicas.map((replica) => replica.giveBackAll()));
  });

  it('leases several free slots in one ask, only those no live lease holds', async () => {
    const first = new PostgresTransferSlotLeases(dataSource, 'first', 60_000);
    const second = new PostgresTransferSlotLeases(dataSource, 'second', 60_000);
    expect(await first.lease('dp-many', 5, 3)).toEqual([0, 1, 2]);
    expect((await second.lease('dp-many', 5, 4)).sort()).toEqual([3, 4]);
    expect(await first.lease('dp-many', 5, 2)).toEqual([]);
    await Promise.all([first.giveBackAll(), second.giveBackAll()]);
  });

  it('frees the slots of a replica that stopped renewing, and keeps those of one that renews', async () => {
    const dead = new PostgresTransferSlotLeases(dataSource, 'dead', 300);
    const alive = new PostgresTransferSlotLeases(dataSource, 'alive', 300);
    const other = new PostgresTransferSlotLeases(dataSource, 'other', 60_000);
    expect(await dead.lease('dp-lapse', 2, 1)).toEqual([0]);
    expect(await alive.lease('dp-lapse', 2, 1)).toEqual([1]);
    expect(await other.lease('dp-lapse', 2, 1)).toEqual([]);
    for (let round = 0; round < 4; round++) {
      await sleep(150);
      await alive.renewAll();
    }
    expect(await other.lease('dp-lapse', 2, 2)).toEqual([0]);
    expect(await other.lease('dp-lapse', 2, 1)).toEqual([]);
    await alive.giveBack('dp-lapse', 1);
    expect(await other.lease('dp-lapse', 2, 1)).toEqual([1]);
    await other.giveBackAll();
  });

  it('lets two replicas of the slots together hold at most the DP limit of transfers', async () => {
    const timings = { renewEveryMs: 1000, lingerMs: 50, retryLeaseMs: 20 };
    const replicas = ['r1', 'r2'].map((holder) => new TransferSlots(new PostgresTransferSlotLeases(dataSource, holder, 60_000), timings));
    let running = 0;
    let peak = 0;
    const job = async (slots: TransferSlots): Promise<void> => {
      for (let copy = 0; copy < 8; copy++) {
        const release = await slots.acquire('dp-shared', 3);
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        release();
      }
    };
    await Promise.all([job(replicas[0]), job(replicas[0]), job(replicas[1]), job(replicas[1]), job(replicas[1])]);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThanOrEqual(2);
    await Promise.all(replicas.map((slots) => slots.onApplicationShutdown()));
    const [{ count }]: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM transfer_slot_lease`);
    expect(count).toBe(0);
  });
});
