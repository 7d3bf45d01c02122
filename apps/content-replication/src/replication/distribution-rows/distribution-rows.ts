import { Injectable } from '@nestjs/common';
import { PackageStatusEventTypes } from '@sdp/contracts';
import { activeTraceparent, Outbox } from '@sdp/messaging';
import { EntityManager } from 'typeorm';
import { returnedRows } from '../../sql-result';
import { announceDue } from '../queue/queue-wakeups';
import { DISTRIBUTION_ROW_COLUMNS, DistributionRowRecord, REMOVAL_STATES, toStatusEventData } from './distribution-row';

export interface RowKey {
  package_id: string;
  distribution_point: string;
}

/** Which DPs each package should be on: its direct assignments plus the members of its groups, now. */
const TARGETED_PAIRS = `
  SELECT a.package_id, d.name AS distribution_point
  FROM package_assignment a
  JOIN replicated_package p ON p.id = a.package_id AND NOT p.deleted
  JOIN distribution_point d ON a.target_kind = 'distribution-point' AND d.name = a.target_name
  UNION
  SELECT a.package_id, d.name
  FROM package_assignment a
  JOIN replicated_package p ON p.id = a.package_id AND NOT p.deleted
  JOIN distribution_point_group g ON a.target_kind = 'group' AND g.name = a.target_name
  JOIN distribution_point d ON d.name = ANY (g.members)`;

/**
 * The per (package, DP) rows that are both the status and the work queue, and the events that
 * tell every change of them. Every method runs in the caller's transaction.
 */
@Injectable()
export class DistributionRows {
  constructor(private readonly outbox: Outbox) {}

  /**
   * Brings the rows of the given packages in line with their assignments: a targeted DP without
   * a row (or with one being removed) gets the current version queued; a row no assignment
   * targets any more is queued for removal. Publishes a status event for every row it touched.
   */
  async reconcile(manager: EntityManager, packageIds: readonly string[]): Promise<void> {
    // Raw SQL: set-based: the packages locked in id order, installs upserted (ON CONFLICT ... WHERE), removals queued.
    if (packageIds.length === 0) return;
    const ids = [...new Set(packageIds)];
    // An assignment and a newly published version can commit side by side, each blind to the
    // other (the assignment sees version 0, the version sees no assignment), and the DP would
    // never be queued. Locking the packages first makes the later one wait and then see both;
    // the version's upsert locks the same row. Always in id order, so two of these never deadlock.
    await manager.query(`SELECT 1 FROM replicated_package WHERE id = ANY ($1) ORDER BY id FOR UPDATE`, [ids]);
    const installs: RowKey[] = await manager.query(
      `WITH targeted AS (${TARGETED_PAIRS})
       INSERT INTO package_distribution (package_id, distribution_point, state, desired_version, traceparent)
       SELECT t.package_id, t.distribution_point, 'INSTALL_PENDING', p.current_version, $3
       FROM targeted t JOIN replicated_package p ON p.id = t.package_id
       WHERE t.package_id = ANY ($1) AND p.current_version > 0 AND p.has_source
       ON CONFLICT (package_id, distribution_point) DO UPDATE SET
         state = 'INSTALL_PENDING', desired_version = EXCLUDED.desired_version, attempts = 0, last_error = NULL,
         bytes_done = 0, files_done = 0, queued_at = now(), next_attempt_at = now(), updated_at = now(), traceparent = EXCLUDED.traceparent
       WHERE package_distribution.state = ANY ($2)
       RETURNING package_id, distribution_point`,
      [ids, REMOVAL_STATES, activeTraceparent() ?? null],
    );
    // A removal deletes objects before the manifest that names them, so once one is queued the
    // installed version is no longer known whole (an install re-targeting the row asks the DP).
    const removals = returnedRows<RowKey>(await manager.query(
      `WITH targeted AS (${TARGETED_PAIRS})
       UPDATE package_distribution pd SET state = 'REMOVAL_PENDING', desired_version = NULL, installed_intact = false, attempts = 0,
         last_error = NULL, queued_at = now(), next_attempt_at = now(), updated_at = now(), traceparent = $3
       WHERE pd.package_id = ANY ($1) AND NOT (pd.state = ANY ($2))
         AND NOT EXISTS (SELECT 1 FROM targeted t WHERE t.package_id = pd.package_id AND t.distribution_point = pd.distribution_point)
       RETURNING package_id, distribution_point`,
      [ids, REMOVAL_STATES, activeTraceparent() ?? null],
    ));
    if (installs.length + removals.length > 0) await announceDue(manager);
    await this.publish(manager, [...installs, ...removals]);
  }

  /** A newly published version: every row of the package that is not being removed moves to it. Returns the rows moved. */
  async moveToVersion(manager: EntityManager, packageId: string, version: number): Promise<DistributionRowRecord[]> {
    // Raw SQL: one set-based update of the package's rows, only ever to a newer version, returning them with their
    // DP's placement for the status events (no second read on the way from a published version to its jobs).
    const moved = returnedRows<DistributionRowRecord>(await manager.query(
      `UPDATE package_distribution pd SET state = 'INSTALL_PENDING', desired_version = $2, attempts = 0, last_error = NULL,
         bytes_done = 0, files_done = 0, bytes_total = 0, files_total = 0, queued_at = now(), next_attempt_at = now(), updated_at = now(),
         traceparent = $4
       FROM distribution_point dp
       WHERE pd.package_id = $1 AND dp.name = pd.distribution_point AND NOT (pd.state = ANY ($3))
         AND (pd.desired_version IS NULL OR pd.desired_version < $2)
       RETURNING ${DISTRIBUTION_ROW_COLUMNS}`,
      [packageId, version, REMOVAL_STATES, activeTraceparent() ?? null],
    ));
    if (moved.length > 0) await announceDue(manager);
    await this.publishRecords(manager, moved.sort(byKey));
    return moved;
  }

  async find(manager: EntityManager, keys: readonly RowKey[]): Promise<DistributionRowRecord[]> {
    if (keys.length === 0) return [];
    // Raw SQL: any number of rows by key (unnest) joined with their DP's placement, in DistributionRowRecord's shape.
    return manager.query(
      `SELECT ${DISTRIBUTION_ROW_COLUMNS}
       FROM package_distribution pd JOIN distribution_point dp ON dp.name = pd.distribution_point
       JOIN unnest($1::text[], $2::text[]) AS k(package_id, distribution_point)
         ON k.package_id = pd.package_id AND k.distribution_point = pd.distribution_point
       ORDER BY pd.package_id, pd.distribution_point`,
      [keys.map((key) => key.package_id), keys.map((key) => key.distribution_point)],
    );
  }

  /** Publishes the current state of the given rows, one event each. */
  async publish(manager: EntityManager, keys: readonly RowKey[]): Promise<void> {
    await this.publishRecords(manager, await this.find(manager, keys));
  }

  /** Publishes rows the caller already holds as they stand now (e.g. returned by its update), one event each. */
  async publishRecords(manager: EntityManager, rows: readonly DistributionRowRecord[]): Promise<void> {
    await this.outbox.enqueue(
      manager,
      rows.map((row) => ({ type: PackageStatusEventTypes.packageStatusChanged, subject: row.package_id, data: toStatusEventData(row) })),
    );
  }

  async publishRemoved(manager: EntityManager, keys: readonly RowKey[]): Promise<void> {
    await this.outbox.enqueue(
      manager,
      keys.map((key) => ({
        type: PackageStatusEventTypes.packageStatusRemoved,
        subject: key.package_id,
        data: { packageId: key.package_id, distributionPoint: key.distribution_point },
      })),
    );
  }
}

/** The order `find` returns rows in, for events of rows an update returned. */
function byKey(a: RowKey, b: RowKey): number {
  return a.package_id.localeCompare(b.package_id) || a.distribution_point.localeCompare(b.distribution_point);
}
