import { DataSource, EntityManager } from 'typeorm';

const WAIT_POLL_MS = 200;
const LOCK_PREFIX = 'sdp.replication.removal:';

/**
 * SQL that is true when no removal holds the lock of the DP named by `distributionPointColumn`, so
 * a query that claims an install can tell at once whether it may go ahead (see `awaitRemovals`).
 */
export function noRemovalHolds(distributionPointColumn: string): string {
  return `pg_try_advisory_xact_lock_shared(hashtextextended('${LOCK_PREFIX}' || ${distributionPointColumn}, 0))`;
}

/**
 * Keeps a removal and an install on the same DP from deciding about the same object at once.
 *
 * A removal deletes every object no version on the DP needs, judged by the manifests there and
 * by the rows being installed (whose objects may already be there without a manifest). An
 * install skips objects that are already there. An install queued after the removal looked at
 * the rows, which then found an object present just before the removal deleted it, would commit
 * a manifest naming a missing object. So a removal holds the DP's lock while it looks and
 * deletes, and an install waits for it before it first looks at the DP; an install that started
 * earlier is among the rows the removal sees. The lock is PostgreSQL's, so it spans replicas,
 * and it ends with the session if the worker dies.
 */
export class RemovalLock {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` holding the DP's lock exclusively; `work` reads through the lock's own connection. */
  async whileRemoving<T>(distributionPoint: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // Raw SQL: a session-level advisory lock, which the ORM has no call for.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName(distributionPoint)]);
      try {
        return await work(runner.manager);
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(distributionPoint)]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Returns once no removal holds the DP. Polls instead of queueing on the lock, so installs
   * waiting behind a long removal hold no database connection. An install whose claim found the
   * DP free (`noRemovalHolds`) need not ask again: its row was installing from before that claim,
   * so any removal that takes the lock after it sees the row among those in flight.
   */
  async awaitRemovals(distributionPoint: string, signal: AbortSignal): Promise<void> {
    // Raw SQL: a transaction-scoped shared advisory lock, tried without waiting.
    for (;;) {
      const [{ free }]: { free: boolean }[] = await this.dataSource.query(
        'SELECT pg_try_advisory_xact_lock_shared(hashtextextended($1, 0)) AS free',
        [lockName(distributionPoint)],
      );
      if (free) return;
      signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      signal.throwIfAborted();
    }
  }
}

function lockName(distributionPoint: string): string {
  return `${LOCK_PREFIX}${distributionPoint}`;
}
