import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypes, PackageData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { nextSiteId } from '@sdp/persistence';
import { advertisementsUsingPackage, decodeCursor, findUsers, inUseConflict, Page, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogConfig } from '../config';
import { CreatePackageDto } from './dto/create-package.dto';
import { ListPackagesQuery } from './dto/list-packages.query';
import { UpdatePackageDto } from './dto/update-package.dto';
import { isPackageCursor, likePattern } from './package-cursor';
import { PackageEntity, toPackageData } from './package.entity';
import { DEFAULT_PAGE_SIZE } from '@sdp/service';
import { SourceLocationCodec } from '../source-location/source-location-codec';
import type { SourceLocationInput } from '../source-location/source-location';
import { packageInUse, packageNotFound } from './package.errors';

const PACKAGE_ID_KIND = 'package';

@Injectable()
export class PackagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
    private readonly locations: SourceLocationCodec,
  ) {}

  async create(input: CreatePackageDto): Promise<PackageData> {
    return this.dataSource.transaction((manager) => this.insert(manager, input));
  }

  /** Creates the package inside the caller's transaction, with its event. */
  async insert(manager: EntityManager, input: CreatePackageDto): Promise<PackageData> {
    const now = new Date();
    const entity = manager.create(PackageEntity, {
      id: await nextSiteId(manager, PACKAGE_ID_KIND, this.config.SITE_CODE),
      name: input.name,
      version: input.version ?? '',
      manufacturer: input.manufacturer ?? '',
      language: input.language ?? '',
      description: input.description ?? '',
      priority: input.priority ?? 'medium',
      persistInCache: input.persistInCache ?? false,
      hasSource: input.hasSource ?? true,
      sourceVersion: 0,
      manifestDigest: null,
      sourceDate: null,
      sizeBytes: 0,
      fileCount: 0,
      ...this.locationColumns(input.sourceLocation ?? null),
      sourceRefreshMinutes: input.sourceRefreshMinutes ?? null,
      sourceCheckedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(PackageEntity, entity);
    const data = toPackageData(entity);
    await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.packageCreated, subject: entity.id, data }]);
    return data;
  }

  private locationColumns(input: SourceLocationInput | null): Pick<PackageEntity, 'sourceLocation' | 'sourceConfig'> {
    if (input === null) return { sourceLocation: null, sourceConfig: null };
    const { stored, description } = this.locations.encode(input);
    return { sourceLocation: description, sourceConfig: stored };
  }

  async list(query: ListPackagesQuery): Promise<Page<PackageData>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, isPackageCursor);
    const builder = this.dataSource.getRepository(PackageEntity).createQueryBuilder('p').orderBy('p.id', 'ASC').take(limit + 1);
    if (after) {
      builder.andWhere('p.id > :after', { after: after.id });
    }
    if (query.q !== undefined && query.q !== '') {
      builder.andWhere('(p.name ILIKE :pattern OR p.manufacturer ILIKE :pattern)', { pattern: likePattern(query.q) });
    }
    const rows = await builder.getMany();
    return toPage(rows, limit, (row) => ({ id: row.id }), toPackageData);
  }

  async get(id: string): Promise<PackageData> {
    return toPackageData(await findPackage(this.dataSource.manager, id));
  }

  async update(id: string, changes: UpdatePackageDto): Promise<PackageData> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await findPackage(manager, id, true);
      const { sourceLocation, ...rest } = changes;
      Object.assign(entity, definedFields(rest), sourceLocation === undefined ? {} : this.locationColumns(sourceLocation), { updatedAt: new Date() });
      await manager.save(PackageEntity, entity);
      const data = toPackageData(entity);
      await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.packageUpdated, subject: id, data }]);
      return data;
    });
  }

  /** Refused while an advertisement uses the package or another package's program depends on one of its programs. */
  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await findPackage(manager, id, true);
      const advertisements = await advertisementsUsingPackage(manager, id);
      if (advertisements.total > 0) {
        throw inUseConflict(packageInUse, 'id', `package ${id}`, advertisements, 'delete them or point them at another package first');
      }
      const dependents = await findUsers(
        manager,
        'programs',
        `SELECT package_id || '/' || name AS id FROM program WHERE depends_on_package_id = $1 AND package_id <> $1`,
        [id],
      );
      if (dependents.total > 0) {
        throw inUseConflict(packageInUse, 'id', `package ${id}`, dependents, 'its programs are their dependencies; change those first');
      }
      await manager.delete(PackageEntity, { id });
      await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.packageDeleted, subject: id, data: { id } }]);
    });
  }
}

/** The package or PACKAGE_NOT_FOUND; `forUpdate` row-locks it until the transaction ends. */
export async function findPackage(manager: EntityManager, id: string, forUpdate = false): Promise<PackageEntity> {
  const entity = await manager.findOne(PackageEntity, {
    where: { id },
    ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!entity) {
    throw packageNotFound(`package ${id} does not exist`);
  }
  return entity;
}

function definedFields<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
