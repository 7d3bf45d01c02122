import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReplicationConfig } from '../../config';
import { DistributionRows, RowKey } from '../distribution-rows/distribution-rows';
import { DISTRIBUTION_ROW_COLUMNS, DistributionRowRecord, INSTALLING_STATES, REMOVAL_STATES } from '../distribution-rows/distribution-row';
import { returnedRows } from '../../sql-result';
import { ClaimedJob, JobKind, JobProgress, LockedRow } from './replication-queue';
import { announceDue } from './queue-wakeups';
import { decideRetry, RetryPolicy } from './retry-policy';
import { describeReport, isHealthy, ValidationReport } from '../validation/validate-version';
import { SERVICE_CONFIG } from '@sdp/service';

const KEY = 'package_id = $1 AND distribution_point = $2';

/**
 * What a finished job does to its row, inside the transaction that also ends the lease, and the
 * status event that tells it. A row that changed meanwhile (a newer version, a removal) wins over
 * the outcome of the older work.
 */
@Injectable()
export class JobOutcomes {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly rows: DistributionRows,
    @Inject(SERVICE_CONFIG) config: ReplicationConfig,
  ) {
    this.retry = {
      maxAttempts: config.REPLICATION_MAX_ATTEMPTS,
      initialDelayMs: config.REPLICATION_RETRY_INITIAL_MS,
      maxDelayMs: config.REPLICATION_RETRY_MAX_MS,
    };
  }

  async installed(manager: EntityManager, job: ClaimedJob, version: number, row: LockedRow, progress: JobProgress): Promise<void> {
    // Raw SQL: the replication worker's hot path (bench replication): one keyed update of the queue row, conditional in SQL,
    // returning the row with its DP's placement for the status event.
    if (!INSTALLING_STATES.includes(row.state)) return;
    const current = row.desired_version === version;
    const updated = returnedRows<DistributionRowRecord>(await manager.query(
      `UPDATE package_distribution pd SET installed_version = $3, installed_intact = true,
         state = CASE WHEN $4 THEN 'INSTALLED' ELSE pd.state END,
         attempts = CASE WHEN $4 THEN pd.attempts + 1 ELSE pd.attempts END,
         last_error = CASE WHEN $4 THEN NULL ELSE pd.last_error END,
         bytes_done = $5, bytes_total = $6, files_done = $7, files_total = $8, bytes_copied = $9, objects_copied = $10,
         validation_requested = false, validated_at = now(), updated_at = now()
       FROM distribution_point dp
       WHERE pd.package_id = $1 AND pd.distribution_point = $2 AND dp.name = pd.distribution_point
       RETURNING ${DISTRIBUTION_ROW_COLUMNS}`,
      [
        job.package_id,
        job.distribution_point,
        version,
        current,
        progress.bytesDone,
        progress.bytesTotal,
        progress.filesDone,
        progress.filesTotal,
        progress.bytesCopied,
        progress.objectsCopied,
      ],
    ));
    await this.rows.publishRecords(manager, updated);
  }

  async removed(manager: EntityManager, job: ClaimedJob, row: LockedRow): Promise<void> {
    // Raw SQL: the replication worker's hot path (bench replication): the queue row deleted by key.
    if (!REMOVAL_STATES.includes(row.state)) return;
    await manager.query(`DELETE FROM package_distribution WHERE ${KEY}`, [job.package_id, job.distribution_point]);
    await this.rows.publishRemoved(manager, [keyOf(job)]);
  }

  async validated(manager: EntityManager, job: ClaimedJob, version: number, row: LockedRow, report: ValidationReport): Promise<void> {
    // Raw SQL: the replication worker's hot path (bench replication): one keyed update of the queue row each way.
    if (row.state !== 'INSTALLED' || row.installed_version !== version) return;
    if (isHealthy(report)) {
      await manager.query(`UPDATE package_distribution SET installed_intact = true, validation_requested = false, validated_at = now() WHERE ${KEY}`, [
        job.package_id,
        job.distribution_point,
      ]);
      return;
    }
    // The repair is an install of the same version, picked up at once by the next free worker. Until
    // an install commits again, no install takes the damaged version's manifest as what the DP holds.
    await manager.query(
      `UPDATE package_distribution SET state = 'VALIDATION_FAILED', desired_version = installed_version, installed_intact = false, attempts = 0,
         last_error = $3, validation_requested = false, validated_at = now(), queued_at = now(), next_attempt_at = now(),
         bytes_done = 0, files_done = 0, updated_at = now()
       WHERE ${KEY}`,
      [job.package_id, job.distribution_point, describeReport(report)],
    );
    await announceDue(manager);
    await this.rows.publish(manager, [keyOf(job)]);
  }

  async failed(manager: EntityManager, job: ClaimedJob, kind: JobKind, row: LockedRow, error: string): Promise<void> {
    // Raw SQL: the replication worker's hot path (bench replication): one keyed update of the queue row, its backoff on the database's clock.
    if (kind === 'validate') {
      // The DP could not be read; the row keeps its state and the validation is tried again later.
      if (row.state !== 'INSTALLED') return;
      await manager.query(
        `UPDATE package_distribution SET last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision / 1000) WHERE ${KEY}`,
        [job.package_id, job.distribution_point, `validation could not run: ${error}`, this.retry.initialDelayMs],
      );
      return;
    }
    const superseded =
      kind === 'install'
        ? !INSTALLING_STATES.includes(row.state) || row.desired_version !== job.desired_version
        : !REMOVAL_STATES.includes(row.state);
    if (superseded) return;
    const attempts = row.attempts + 1;
    const decision = decideRetry(attempts, this.retry);
    const state =
      kind === 'remove'
        ? decision.kind === 'give-up'
          ? 'REMOVAL_FAILED'
          : 'REMOVAL_RETRYING'
        : decision.kind === 'give-up'
          ? 'INSTALL_FAILED'
          : row.state === 'VALIDATION_FAILED'
            ? 'VALIDATION_FAILED'
            : 'INSTALL_RETRYING';
    await manager.query(
      `UPDATE package_distribution SET state = $3, attempts = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6::double precision / 1000), updated_at = now()
       WHERE ${KEY}`,
      [job.package_id, job.distribution_point, state, attempts, error.slice(0, 2048), decision.kind === 'retry' ? decision.delayMs : 0],
    );
    await this.rows.publish(manager, [keyOf(job)]);
  }
}

function keyOf(job: ClaimedJob): RowKey {
  return { package_id: job.package_id, distribution_point: job.distribution_point };
}
