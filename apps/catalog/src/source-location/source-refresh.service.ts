import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogConfig } from '../config';
import { PackageEntity } from '../packages/package.entity';
import { findPackage } from '../packages/packages.service';
import { importObjects, SourceObject } from '../source/object-importer';
import { assertHasSource, CommitOutcome, SourceService } from '../source/source.service';
import { directoryObjects } from './directory-objects';
import { s3Objects } from './s3-objects';
import { StoredSourceLocation } from './source-location';
import { SourceLocationCodec } from './source-location-codec';
import { sourceLocationNotSet, sourceLocationUnreadable } from './source-location.errors';
import { SourceUnreadable } from './source-unreadable';
import { SERVICE_CONFIG } from '@sdp/service';

@Injectable()
export class SourceRefreshService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
    private readonly source: SourceService,
    private readonly locations: SourceLocationCodec,
  ) {}

  /**
   * Reads the package's source location into the store and publishes a new version only when the
   * files differ from the current version, through the same commit as an upload.
   */
  async refresh(packageId: string): Promise<CommitOutcome> {
    const entity = await findPackage(this.dataSource.manager, packageId);
    assertHasSource(entity);
    const location = entity.sourceConfig;
    if (location === null) {
      throw sourceLocationNotSet(`package ${packageId} has no sourceLocation to refresh from`, [{ field: 'sourceLocation', problems: ['is null'] }]);
    }
    await this.dataSource.manager.update(PackageEntity, { id: packageId }, { sourceCheckedAt: new Date() });
    try {
      return await this.source.importAndCommit(packageId, (sink) => importObjects(this.objectsAt(location), sink, this.source.limits()), true);
    } catch (error) {
      throw error instanceof SourceUnreadable ? sourceLocationUnreadable(error.message) : error;
    }
  }

  private objectsAt(location: StoredSourceLocation): AsyncIterable<SourceObject> {
    if (location.type === 'directory') return directoryObjects(this.config.CATALOG_SOURCE_ROOT, location.path);
    return s3Objects({ ...location, secretKey: this.locations.secretKeyOf(location) });
  }
}
