import { PackageDistributionState } from '@sdp/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { affectedCount, returnedRows } from '../../sql-result';
import { noRemovalHolds } from '../removal/removal-lock';
import { CLAIMABLE_STATES, INSTALLING_STATES, REMOVAL_STATES } from '../distribution-rows/distribution-row';

/** A claimed job: the row, the package's priority and everything needed to reach its DP. */
export interface ClaimedJob {
  package_id: string;
  distribution_point: string;
  state: PackageDistributionState;
  desired_version: number | null;
  installed_version: number | null;
  /** The installed version's commit is known whole: no validation has found it damaged since. */
  installed_intact: boolean;
  attempts: number;
  validation_requested: boolean;
  endpoint: string;
  public_endpoint: string;
  bucket: string;
  region: string;
  access_key: string;
  secret_key_encrypted: string;
  max_concurrent_transfers: number;
  rate_limit_bytes_per_sec: string | null;
  /** W3C trace context of the change that queued the work; the job continues that trace. */
  traceparent: string | null;
  /** No removal held the DP's removal lock when the job was claimed (see RemovalLock.awaitRemovals). */
  no_removal: boolean;
}

export type JobKind = 'install' | 'remove' | 'validate';

export function jobKind(state: PackageDistributionState): JobKind {
  if (REMOVAL_STATES.includes(state)) return 'remove';
  if (INSTALLING_STATES.includes(state)) return 'install';
  return 'validate';
}

/**
 * The work queue is the status table itself. A worker claims the most urgent due row no live
 * lease holds (high priority first, then arrival) with SKIP LOCKED, so replicas never take the
 * same row, and stamps a lease it renews while working; a worker that dies lets the lease lapse
 * and the row becomes claimable again.
 */
export class ReplicationQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number,
    private readonly validationIntervalSeconds: number,
  ) {}

  async claim(workerId: string): Promise<ClaimedJob | undefined> {
    // Raw SQL: the queue claim (FOR UPDATE SKIP LOCKED) and its lease in one statement, returning the job with its DP
    // and whether a removal holds the DP, so an install starts without another round trip.
    const rows = returnedRows<ClaimedJob>(await this.dataSource.query(
      `WITH next AS (
         SELECT pd.package_id, pd.distribution_point
         FROM package_distribution pd
         JOIN distribution_point dp ON dp.name = pd.distribution_point AND dp.enabled
         LEFT JOIN replicated_package p ON p.id = pd.package_id
         WHERE (pd.lease_expires_at IS NULL OR pd.lease_expires_at < now())
           AND pd.next_attempt_at <= now()
           AND (pd.state = ANY ($3)
             OR (pd.state = 'INSTALLED' AND (pd.validation_requested
               OR ($4 > 0 AND COALESCE(pd.validated_at, pd.updated_at) < now() - make_interval(secs => $4)))))
         ORDER BY CASE p.priority WHEN 'high' THEN 0 WHEN 'low' THEN 2 ELSE 1 END, pd.queued_at, pd.package_id, pd.distribution_point
         LIMIT 1
         FOR UPDATE OF pd SKIP LOCKED)
       UPDATE package_distribution pd
       SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM next, distribution_point dp
       WHERE pd.package_id = next.package_id AND pd.distribution_point = next.distribution_point AND dp.name = pd.distribution_point
       RETURNING pd.package_id, pd.distribution_point, pd.state, pd.desired_version, pd.installed_version, pd.installed_intact, pd.attempts,
         pd.validation_requested, dp.endpoint, dp.public_endpoint, dp.bucket, dp.region, dp.access_key,
         dp.secret_key_encrypted, dp.max_concurrent_transfers, dp.rate_limit_bytes_per_sec, pd.traceparent,
         ${noRemovalHolds('pd.distribution_point')} AS no_removal`,
      [workerId, this.leaseMs, CLAIMABLE_STATES, this.validationIntervalSeconds],
    ));
    return rows[0];
  }

  /** Extends the lease; false when another worker has taken the row over (this one must stop). */
  async heartbeat(workerId: string, job: ClaimedJob): Promise<boolean> {
    // Raw SQL: the lease extended only while this worker holds it, in one conditional update.
    const result: unknown = await this.dataSource.query(
      `UPDATE package_distribution SET lease_expires_at = now() + make_interval(secs => $4::double precision / 1000)
       WHERE package_id = $1 AND distribution_point = $2 AND lease_owner = $3`,
      [job.package_id, job.distribution_point, workerId, this.leaseMs],
    );
    return affectedCount(result) === 1;
  }

  async reportProgress(workerId: string, job: ClaimedJob, progress: JobProgress): Promise<void> {
    // Raw SQL: the replication worker's hot path (bench replication): progress written only while this worker holds the lease.
    await this.dataSource.query(
      `UPDATE package_distribution SET bytes_done = $4, bytes_total = $5, files_done = $6, files_total = $7,
         bytes_copied = $8, objects_copied = $9, updated_at = now()
       WHERE package_id = $1 AND distribution_point = $2 AND lease_owner = $3`,
      [
        job.package_id,
        job.distribution_point,
        workerId,
        progress.bytesDone,
        progress.bytesTotal,
        progress.filesDone,
        progress.filesTotal,
        progress.bytesCopied,
        progress.objectsCopied,
      ],
    );
  }

  /** Gives the row back untouched, e.g. when the service stops mid-job. */
  async release(workerId: string, job: ClaimedJob): Promise<void> {
    // Raw SQL: the lease cleared only while this worker holds it, in one conditional update.
    await this.dataSource.query(
      `UPDATE package_distribution SET lease_owner = NULL, lease_expires_at = NULL
       WHERE package_id = $1 AND distribution_point = $2 AND lease_owner = $3`,
      [job.package_id, job.distribution_point, workerId],
    );
  }

  /** Versions being installed on a DP right now, whose objects may be there before their manifest. */
  async inFlightOn(distributionPoint: string, manager: EntityManager = this.dataSource.manager): Promise<{ packageId: string; version: number }[]> {
    // Raw SQL: the replication queue's table has no entity; two columns of the DP's installing rows.
    const rows: { package_id: string; desired_version: number }[] = await manager.query(
      `SELECT package_id, desired_version FROM package_distribution
       WHERE distribution_point = $1 AND state = ANY ($2) AND desired_version IS NOT NULL`,
      [distributionPoint, INSTALLING_STATES],
    );
    return rows.map((row) => ({ packageId: row.package_id, version: row.desired_version }));
  }

  /**
   * Runs `change` on the row in a transaction, only while this worker still holds it, and
   * clears the lease. Returns false when the lease was lost and nothing was changed.
   */
  async finish(workerId: string, job: ClaimedJob, change: (manager: EntityManager, current: LockedRow) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // Raw SQL: the queue row locked and its lease cleared in one statement, only while this worker holds the lease;
      // RETURNING gives the row as it stands (the update changes none of those columns).
      const rows = returnedRows<LockedRow>(await manager.query(
        `UPDATE package_distribution SET lease_owner = NULL, lease_expires_at = NULL
         WHERE package_id = $1 AND distribution_point = $2 AND lease_owner = $3
         RETURNING state, desired_version, installed_version, attempts`,
        [job.package_id, job.distribution_point, workerId],
      ));
      if (rows.length === 0) return false;
      await change(manager, rows[0]);
      return true;
    });
  }
}

export interface LockedRow {
  state: PackageDistributionState;
  desired_version: number | null;
  installed_version: number | null;
  attempts: number;
}

export interface JobProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  bytesCopied: number;
  objectsCopied: number;
}
