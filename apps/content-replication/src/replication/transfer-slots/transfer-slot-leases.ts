import { DataSource } from 'typeorm';
import { returnedRows } from '../../sql-result';

/** Where every replica leases its share of a DP's `maxConcurrentTransfers` slots. */
export interface TransferSlotLeases {
  /** Leases up to `count` of the DP's slots `0..limit-1` no live lease holds; none when all are held. */
  lease(distributionPoint: string, limit: number, count: number): Promise<number[]>;
  giveBack(distributionPoint: string, slot: number): Promise<void>;
  /** Extends every lease this replica holds. */
  renewAll(): Promise<void>;
  giveBackAll(): Promise<void>;
}

/**
 * Leases in the service's database, shared by its replicas. A lease lapses unless renewed, so the
 * slots of a replica that died come free after one lease period.
 */
export class PostgresTransferSlotLeases implements TransferSlotLeases {
  constructor(
    private readonly dataSource: DataSource,
    /** This replica. */
    private readonly holder: string,
    private readonly leaseMs: number,
  ) {}

  async lease(distributionPoint: string, limit: number, count: number): Promise<number[]> {
    // Raw SQL: a lease table: the first free slots found and taken (ON CONFLICT ... WHERE lapsed) in one statement.
    // Two replicas may pick the same free slot: the INSERT lets one have it and the other not
    // (it asks again later) rather than both.
    const rows = returnedRows<{ slot: number }>(
      await this.dataSource.query(
        `WITH candidate AS (
           SELECT s AS slot FROM generate_series(0, $3::int - 1) AS s
           WHERE NOT EXISTS (
             SELECT 1 FROM transfer_slot_lease l WHERE l.distribution_point = $1 AND l.slot = s AND l.expires_at > now())
           ORDER BY s LIMIT $5)
         INSERT INTO transfer_slot_lease (distribution_point, slot, holder, expires_at)
         SELECT $1, slot, $2, now() + make_interval(secs => $4::double precision / 1000) FROM candidate
         ON CONFLICT (distribution_point, slot) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE transfer_slot_lease.expires_at <= now()
         RETURNING slot`,
        [distributionPoint, this.holder, limit, this.leaseMs, count],
      ),
    );
    return rows.map((row) => row.slot);
  }

  async giveBack(distributionPoint: string, slot: number): Promise<void> {
    // Raw SQL: a lease table: deleted only if this replica still holds it.
    await this.dataSource.query(`DELETE FROM transfer_slot_lease WHERE distribution_point = $1 AND slot = $2 AND holder = $3`, [
      distributionPoint,
      slot,
      this.holder,
    ]);
  }

  async renewAll(): Promise<void> {
    // Raw SQL: a lease table: every lease of this replica extended in one statement, on the database's clock.
    await this.dataSource.query(
      `UPDATE transfer_slot_lease SET expires_at = now() + make_interval(secs => $2::double precision / 1000) WHERE holder = $1`,
      [this.holder, this.leaseMs],
    );
  }

  async giveBackAll(): Promise<void> {
    // Raw SQL: a lease table: every lease of this replica deleted in one statement.
    await this.dataSource.query(`DELETE FROM transfer_slot_lease WHERE holder = $1`, [this.holder]);
  }
}
