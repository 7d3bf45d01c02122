import { dropDatabase, openServiceDataSource } from '@sdp/persistence';
import { settlesWithin, testDatabaseUrl } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { noRemovalHolds, RemovalLock } from './removal-lock';

// The lock that keeps an install from trusting an object a removal on the same DP is deleting.
describe('the removal lock of a distribution point, on PostgreSQL', () => {
  const databaseUrl = testDatabaseUrl('replication_lock_test');
  let dataSource: DataSource;
  let lock: RemovalLock;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ databaseUrl, entities: [], migrations: [] });
    lock = new RemovalLock(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('holds an install back while a removal runs on its DP, and only on that DP', async () => {
    let finishRemoval!: () => void;
    const removalReleased = new Promise<void>((resolve) => (finishRemoval = resolve));
    let removalStarted!: () => void;
    const started = new Promise<void>((resolve) => (removalStarted = resolve));
    const removal = lock.whileRemoving('dp-a', async () => {
      removalStarted();
      await removalReleased;
      return 3;
    });
    await started;

    const installOnSameDp = lock.awaitRemovals('dp-a', new AbortController().signal);
    expect(await settlesWithin(installOnSameDp, 600)).toBe(false);
    await expect(lock.awaitRemovals('dp-b', new AbortController().signal)).resolves.toBeUndefined();

    finishRemoval();
    await expect(removal).resolves.toBe(3);
    expect(await settlesWithin(installOnSameDp, 1000)).toBe(true);
  });

  it('tells a query (the claim of an install) whether a removal holds the DP, without waiting', async () => {
    const noRemoval = async (distributionPoint: string): Promise<boolean> => {
      const [{ free }]: { free: boolean }[] = await dataSource.query(`SELECT ${noRemovalHolds('$1::text')} AS free`, [distributionPoint]);
      return free;
    };
    let finishRemoval!: () => void;
    let removalStarted!: () => void;
    const started = new Promise<void>((resolve) => (removalStarted = resolve));
    const removal = lock.whileRemoving('dp-e', () => {
      removalStarted();
      return new Promise<void>((resolve) => (finishRemoval = resolve));
    });
    await started;
    expect(await noRemoval('dp-e')).toBe(false);
    expect(await noRemoval('dp-f')).toBe(true);
    finishRemoval();
    await removal;
    expect(await noRemoval('dp-e')).toBe(true);
  });

  it('lets the next removal in after one that failed', async () => {
    await expect(lock.whileRemoving('dp-c', async () => Promise.reject(new Error('DP unreachable')))).rejects.toThrow('DP unreachable');
    await expect(lock.whileRemoving('dp-c', async () => 'second')).resolves.toBe('second');
    await expect(lock.awaitRemovals('dp-c', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('stops waiting when the install is aborted', async () => {
    let finishRemoval!: () => void;
    let removalStarted!: () => void;
    const started = new Promise<void>((resolve) => (removalStarted = resolve));
    const removal = lock.whileRemoving('dp-d', () => {
      removalStarted();
      return new Promise<void>((resolve) => (finishRemoval = resolve));
    });
    await started;
    const controller = new AbortController();
    const waiting = lock.awaitRemovals('dp-d', controller.signal);
    controller.abort(new Error('service stopping'));
    await expect(waiting).rejects.toThrow('service stopping');
    finishRemoval();
    await removal;
  });
});
