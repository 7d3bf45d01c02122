import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@sdp/auth';
import { DistributionPointEventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, findUsers, inUseConflict, isTextCursor, isUniqueViolation, Page, PageQueryDto, ruleViolation, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { ReplicationConfig } from '../config';
import { PackageAssignmentEntity } from '../replication/assignments/package-assignment.entity';
import { DistributionRows, RowKey } from '../replication/distribution-rows/distribution-rows';
import { SecretCipher } from '../secrets/secret-cipher';
import { DistributionPointGroupEntity } from './distribution-point-group.entity';
import { describeStoreError, DistributionPointStores } from './distribution-point-stores';
import { DistributionPointEntity } from './distribution-point.entity';
import { toDistributionPointData, toDistributionPointView, toGroupData } from './distribution-point.view';
import { RegisterDistributionPointDto, UpdateDistributionPointDto } from './dto/distribution-point.dto';
import {
  distributionPointAlreadyExists,
  distributionPointBucketUnusable,
  distributionPointCredentialsAdminOnly,
  distributionPointInUse,
  distributionPointNotFound,
} from './distribution-point.errors';

type DistributionPointView = ReturnType<typeof toDistributionPointView>;

/** Fields whose change moves clients (content location) and so re-publishes every package row. */
const PLACEMENT_FIELDS = ['siteCode', 'boundaries', 'protected'] as const;
const CONNECTION_FIELDS = ['endpoint', 'bucket', 'region', 'accessKey', 'secretKey'] as const;

@Injectable()
export class DistributionPointsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReplicationConfig,
    private readonly outbox: Outbox,
    private readonly cipher: SecretCipher,
    private readonly stores: DistributionPointStores,
    private readonly rows: DistributionRows,
  ) {}

  async register(dto: RegisterDistributionPointDto): Promise<DistributionPointView> {
    if (await this.dataSource.getRepository(DistributionPointEntity).existsBy({ name: dto.name })) {
      throw distributionPointAlreadyExists(`distribution point ${dto.name} already exists`);
    }
    const now = new Date();
    const dp = Object.assign(new DistributionPointEntity(), {
      name: dto.name,
      description: dto.description ?? '',
      endpoint: dto.endpoint,
      publicEndpoint: dto.publicEndpoint ?? dto.endpoint,
      bucket: dto.bucket,
      region: dto.region ?? 'us-east-1',
      accessKey: dto.accessKey,
      secretKeyEncrypted: this.cipher.encrypt(dto.secretKey),
      siteCode: dto.siteCode ?? this.config.SITE_CODE,
      boundaries: dto.boundaries ?? [],
      protected: dto.protected ?? false,
      enabled: dto.enabled ?? true,
      maxConcurrentTransfers: dto.maxConcurrentTransfers ?? 8,
      rateLimitBytesPerSec: dto.rateLimitBytesPerSec ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await this.assertReachable(dp);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(DistributionPointEntity, dp);
        await this.outbox.enqueue(manager, [
          { type: DistributionPointEventTypes.distributionPointRegistered, subject: dp.name, data: toDistributionPointData(dp) },
        ]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw distributionPointAlreadyExists(`distribution point ${dto.name} already exists`);
      throw error;
    }
    return toDistributionPointView(dp);
  }

  async list(query: PageQueryDto): Promise<Page<DistributionPointView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, isTextCursor);
    const rows = await this.dataSource.getRepository(DistributionPointEntity).find({
      where: after === undefined ? {} : { name: MoreThan(after) },
      order: { name: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, (dp) => dp.name, toDistributionPointView);
  }

  async get(name: string): Promise<DistributionPointView> {
    return toDistributionPointView(await this.find(this.dataSource.manager, name));
  }

  async update(name: string, dto: UpdateDistributionPointDto, principal: Principal | undefined): Promise<DistributionPointView> {
    const changesCredentials = dto.accessKey !== undefined || dto.secretKey !== undefined;
    if (changesCredentials && !(principal?.kind === 'admin' && principal.role === 'admin')) {
      throw distributionPointCredentialsAdminOnly('Only an admin may change distribution point credentials');
    }
    const current = await this.find(this.dataSource.manager, name);
    const next = Object.assign(new DistributionPointEntity(), current, {
      ...pickDefined(dto, ['description', 'endpoint', 'publicEndpoint', 'bucket', 'region', 'accessKey', 'siteCode', 'boundaries', 'protected', 'enabled', 'maxConcurrentTransfers']),
      ...(dto.rateLimitBytesPerSec !== undefined ? { rateLimitBytesPerSec: dto.rateLimitBytesPerSec ?? null } : {}),
      ...(dto.secretKey !== undefined ? { secretKeyEncrypted: this.cipher.encrypt(dto.secretKey) } : {}),
      updatedAt: new Date(),
    });
    if (dto.endpoint !== undefined && dto.publicEndpoint === undefined && current.publicEndpoint === current.endpoint) {
      next.publicEndpoint = dto.endpoint;
    }
    const connectionChanged = CONNECTION_FIELDS.some((field) => dto[field] !== undefined);
    if (connectionChanged) await this.assertReachable(next);
    const visibleChange = JSON.stringify(toDistributionPointData({ ...next, updatedAt: current.updatedAt })) !== JSON.stringify(toDistributionPointData(current));
    const placementChanged = PLACEMENT_FIELDS.some((field) => JSON.stringify(next[field]) !== JSON.stringify(current[field]));
    await this.dataSource.transaction(async (manager) => {
      await manager.save(DistributionPointEntity, next);
      if (visibleChange) {
        await this.outbox.enqueue(manager, [
          { type: DistributionPointEventTypes.distributionPointUpdated, subject: name, data: toDistributionPointData(next) },
        ]);
      }
      if (connectionChanged || (dto.enabled === true && !current.enabled)) {
        // A fixed endpoint should not wait out a long backoff that was meant for the broken one.
        // Raw SQL: one set-based update of the DP's retrying rows in the replication queue.
        await manager.query(
          `UPDATE package_distribution SET next_attempt_at = now() WHERE distribution_point = $1 AND state IN ('INSTALL_RETRYING', 'REMOVAL_RETRYING')`,
          [name],
        );
      }
      if (placementChanged) {
        await this.rows.publish(manager, await this.rowKeysOn(manager, name));
      }
    });
    return toDistributionPointView(next);
  }

  async delete(name: string, force: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, name, true);
      const keys = await this.rowKeysOn(manager, name);
      if (!force) {
        // What it holds or is to hold, and what is assigned to it before any version exists.
        const packages = await findUsers(
          manager,
          'packages',
          `SELECT package_id AS id FROM package_distribution WHERE distribution_point = $1
           UNION SELECT package_id FROM package_assignment WHERE target_kind = 'distribution-point' AND target_name = $1`,
          [name],
        );
        if (packages.total > 0) {
          throw inUseConflict(distributionPointInUse, 'name', `distribution point ${name}`, packages, 'it holds or is assigned them; remove them first or delete with ?force=true');
        }
      }
      await this.rows.publishRemoved(manager, keys);
      await manager.delete(PackageAssignmentEntity, { targetKind: 'distribution-point', targetName: name });
      const groups = await manager.getRepository(DistributionPointGroupEntity).find({ where: {} });
      for (const group of groups.filter((candidate) => candidate.members.includes(name))) {
        group.members = group.members.filter((member) => member !== name);
        group.updatedAt = new Date();
        await manager.save(DistributionPointGroupEntity, group);
        await this.outbox.enqueue(manager, [
          { type: DistributionPointEventTypes.distributionPointGroupUpdated, subject: group.name, data: toGroupData(group) },
        ]);
      }
      await manager.delete(DistributionPointEntity, { name });
      await this.outbox.enqueue(manager, [{ type: DistributionPointEventTypes.distributionPointDeleted, subject: name, data: { name } }]);
    });
  }

  private async rowKeysOn(manager: EntityManager, name: string): Promise<RowKey[]> {
    // Raw SQL: the replication queue's table has no entity; its keys in RowKey's shape, as its statements return them.
    return manager.query(`SELECT package_id, distribution_point FROM package_distribution WHERE distribution_point = $1`, [name]);
  }

  private async find(manager: EntityManager, name: string, lock = false): Promise<DistributionPointEntity> {
    const dp = await manager.getRepository(DistributionPointEntity).findOne({
      where: { name },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!dp) throw distributionPointNotFound(`distribution point ${name} not found`);
    return dp;
  }

  private async assertReachable(dp: DistributionPointEntity): Promise<void> {
    try {
      await this.stores.check(dp, this.config.DP_CHECK_TIMEOUT_MS);
    } catch (error) {
      throw ruleViolation('endpoint', `cannot use bucket ${dp.bucket} at ${dp.endpoint}: ${describeStoreError(error)}`, distributionPointBucketUnusable);
    }
  }
}

function pickDefined<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (source[key] !== undefined) picked[key] = source[key];
  }
  return picked;
}
