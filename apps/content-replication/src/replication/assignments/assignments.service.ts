import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { activeTraceparent } from '@sdp/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, ErrorFactory, isTextCursor, notFoundYet, ruleViolation, toPage } from '@sdp/service';
import { DataSource, EntityManager, In } from 'typeorm';
import { DistributionPointGroupEntity } from '../../distribution-points/distribution-point-group.entity';
import { DistributionPointEntity } from '../../distribution-points/distribution-point.entity';
import { distributionPointGroupUnknown, distributionPointNotFound, distributionPointUnknown } from '../../distribution-points/distribution-point.errors';
import { returnedRows } from '../../sql-result';
import { DISTRIBUTION_ROW_COLUMNS, DistributionRowRecord, REMOVAL_STATES, toStatusView } from '../distribution-rows/distribution-row';
import { DistributionRows } from '../distribution-rows/distribution-rows';
import { announceDue } from '../queue/queue-wakeups';
import {
  packageAssignedThroughGroup,
  packageHasNoSource,
  packageNotFound,
  packageNotInstalledOnDistributionPoint,
  packageNotOnDistributionPoint,
} from './assignment.errors';
import { AssignPackageDto } from './dto/assign.dto';
import { PackageAssignmentEntity } from './package-assignment.entity';
import { SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';


@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: DistributionRows,
  ) {}

  /** From now on every published version of the package goes to these DPs and the groups' members. */
  async assign(packageId: string, dto: AssignPackageDto) {
    await this.dataSource.transaction((manager) => this.assignWithin(manager, packageId, dto));
    return this.status(packageId);
  }

  /** The assignment itself, in the caller's transaction. */
  async assignWithin(manager: EntityManager, packageId: string, dto: AssignPackageDto): Promise<void> {
    const distributionPoints = dto.distributionPoints ?? [];
    const groups = dto.groups ?? [];
    if (distributionPoints.length === 0 && groups.length === 0) {
      throw ruleViolation('distributionPoints', 'name at least one distribution point or group');
    }
    await this.requirePackage(manager, packageId);
    await this.requireExisting(manager, DistributionPointEntity, 'distributionPoints', distributionPoints, distributionPointUnknown);
    await this.requireExisting(manager, DistributionPointGroupEntity, 'groups', groups, distributionPointGroupUnknown);
    // Raw SQL: every assignment in one set-based insert (unnest), those already there left alone (ON CONFLICT DO NOTHING).
    await manager.query(
      `INSERT INTO package_assignment (package_id, target_kind, target_name)
       SELECT $1, kind, name FROM unnest($2::text[], $3::text[]) AS t(kind, name)
       ON CONFLICT DO NOTHING`,
      [packageId, [...distributionPoints.map(() => 'distribution-point'), ...groups.map(() => 'group')], [...distributionPoints, ...groups]],
    );
    await this.rows.reconcile(manager, [packageId]);
  }

  /** Takes the package off one DP it was assigned to directly. */
  async unassign(packageId: string, distributionPoint: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(PackageAssignmentEntity, { packageId, targetKind: 'distribution-point', targetName: distributionPoint });
      // Raw SQL: the replication queue's table has no entity; the row's state, before and after the reconcile.
      const row: { state: string }[] = await manager.query(
        `SELECT state FROM package_distribution WHERE package_id = $1 AND distribution_point = $2`,
        [packageId, distributionPoint],
      );
      if (!deleted.affected && row.length === 0) {
        throw packageNotOnDistributionPoint(`package ${packageId} is not on distribution point ${distributionPoint}`);
      }
      await this.rows.reconcile(manager, [packageId]);
      const after: { state: string }[] = await manager.query(
        `SELECT state FROM package_distribution WHERE package_id = $1 AND distribution_point = $2`,
        [packageId, distributionPoint],
      );
      if (after.length > 0 && !REMOVAL_STATES.some((state) => state === after[0].state)) {
        throw packageAssignedThroughGroup(
          `package ${packageId} reaches ${distributionPoint} through a group; remove it from the group or the group assignment`,
        );
      }
    });
  }

  async status(packageId: string) {
    // Raw SQL: the queue rows joined with their DP's placement, in the DistributionRowRecord shape the status events share.
    const rows: DistributionRowRecord[] = await this.dataSource.query(
      `SELECT ${DISTRIBUTION_ROW_COLUMNS} FROM package_distribution pd JOIN distribution_point dp ON dp.name = pd.distribution_point
       WHERE pd.package_id = $1 ORDER BY pd.distribution_point`,
      [packageId],
    );
    if (rows.length === 0) await this.requirePackage(this.dataSource.manager, packageId);
    return { packageId, items: rows.map(toStatusView) };
  }

  /** The rows of every package on one DP, in package order, a page at a time. */
  async onDistributionPoint(distributionPoint: string, limit = DEFAULT_PAGE_SIZE, cursor?: string) {
    const after = decodeCursor(cursor, isTextCursor);
    await this.requireDistributionPoint(distributionPoint);
    // Raw SQL: the queue rows joined with their DP's placement (DistributionRowRecord), paged in byte order (COLLATE "C").
    const rows: DistributionRowRecord[] = await this.dataSource.query(
      `SELECT ${DISTRIBUTION_ROW_COLUMNS} FROM package_distribution pd JOIN distribution_point dp ON dp.name = pd.distribution_point
       WHERE pd.distribution_point = $1 AND ($2::text IS NULL OR pd.package_id COLLATE "C" > $2)
       ORDER BY pd.package_id COLLATE "C" LIMIT $3`,
      [distributionPoint, after ?? null, limit + 1],
    );
    const page = toPage(rows, limit, (row) => row.package_id, (row) => ({ packageId: row.package_id, ...toStatusView(row) }));
    return { distributionPoint, ...page };
  }

  /** Queues the current version again: whatever the DP lacks is copied and the manifest rewritten. */
  async refresh(packageId: string, distributionPoint: string) {
    await this.dataSource.transaction(async (manager) => {
      // Raw SQL: requeues the row at the package's current version in one statement (UPDATE ... FROM), unless it is being removed.
      const updated = returnedRows<{ package_id: string; distribution_point: string }>(
        await manager.query(
          `UPDATE package_distribution pd SET state = 'INSTALL_PENDING', desired_version = p.current_version, attempts = 0,
             last_error = NULL, bytes_done = 0, files_done = 0, queued_at = now(), next_attempt_at = now(), updated_at = now(),
             traceparent = $4
           FROM replicated_package p
           WHERE p.id = pd.package_id AND pd.package_id = $1 AND pd.distribution_point = $2 AND NOT (pd.state = ANY ($3))
           RETURNING pd.package_id, pd.distribution_point`,
          [packageId, distributionPoint, REMOVAL_STATES, activeTraceparent() ?? null],
        ),
      );
      if (updated.length === 0) throw packageNotOnDistributionPoint(`package ${packageId} is not on distribution point ${distributionPoint}`);
      await announceDue(manager);
      await this.rows.publish(manager, updated);
    });
    return this.status(packageId);
  }

  /** Asks for a re-hash of every object; a bad one turns the row VALIDATION_FAILED and is repaired. */
  async validate(packageId: string, distributionPoint: string) {
    // Raw SQL: queues a validation by one conditional update of the queue's row, which tells whether it was installed.
    const updated = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE package_distribution SET validation_requested = true, next_attempt_at = now(), traceparent = $3
         WHERE package_id = $1 AND distribution_point = $2 AND state = 'INSTALLED' RETURNING 1`,
        [packageId, distributionPoint, activeTraceparent() ?? null],
      ),
    );
    if (updated.length === 0) {
      throw packageNotInstalledOnDistributionPoint(`package ${packageId} is not installed on distribution point ${distributionPoint}`);
    }
    await announceDue(this.dataSource.manager);
    return { queued: 1 };
  }

  async validateDistributionPoint(distributionPoint: string) {
    await this.requireDistributionPoint(distributionPoint);
    // Raw SQL: one set-based update queues a validation of every installed row on the DP.
    const updated = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE package_distribution SET validation_requested = true, next_attempt_at = now(), traceparent = $2
         WHERE distribution_point = $1 AND state = 'INSTALLED' RETURNING 1`,
        [distributionPoint, activeTraceparent() ?? null],
      ),
    );
    if (updated.length > 0) await announceDue(this.dataSource.manager);
    return { queued: updated.length };
  }

  private async requireDistributionPoint(name: string): Promise<void> {
    if (!(await this.dataSource.manager.existsBy(DistributionPointEntity, { name }))) {
      throw distributionPointNotFound(`distribution point ${name} not found`);
    }
  }

  private async requirePackage(manager: EntityManager, packageId: string): Promise<void> {
    // Raw SQL: replicated_package is the catalog projection's table (written only by its upserts); two columns by key.
    const rows: { deleted: boolean; has_source: boolean }[] = SITE_OBJECT_ID_PATTERN.test(packageId)
      ? await manager.query(`SELECT deleted, has_source FROM replicated_package WHERE id = $1`, [packageId])
      : [];
    if (rows.length === 0) throw notFoundYet(`package ${packageId}`);
    if (rows[0].deleted) throw packageNotFound(`package ${packageId} not found`);
    if (!rows[0].has_source) throw ruleViolation('packageId', `package ${packageId} has no source and needs no distribution point`, packageHasNoSource);
  }

  private async requireExisting(
    manager: EntityManager,
    entity: typeof DistributionPointEntity | typeof DistributionPointGroupEntity,
    field: string,
    names: readonly string[],
    unknown: ErrorFactory,
  ): Promise<void> {
    if (names.length === 0) return;
    const found = await manager.find(entity, { select: { name: true }, where: { name: In([...names]) } });
    const missing = names.filter((name) => !found.some((row) => row.name === name));
    if (missing.length > 0) throw ruleViolation(field, `unknown: ${missing.join(', ')}`, unknown);
  }
}
