import { HttpException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypes, manifestLocation } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { DomainError, SERVICE_CONFIG } from '@sdp/service';
import { ContentStore, ObjectNotFoundError, SOURCE_STORE } from '@sdp/storage';
import { DataSource } from 'typeorm';
import { CatalogConfig } from '../config';
import { PackageEntity, toPackageData } from '../packages/package.entity';
import { findPackage } from '../packages/packages.service';
import { ProgramEntity } from '../programs/program.entity';
import { importArchive, ImportedSource, ImportLimits, ObjectSink } from './archive-importer';
import { ArchiveRejected, rejectionError } from './archive-rejected';
import { buildManifest, SourceManifest } from './manifest';
import { RevocableSink } from './revocable-sink';
import { packageCommandOnly, sourceManifestMissing, sourceVersionNotFound } from './source.errors';
import { SourceVersionEntity } from './source-version.entity';

export interface PublishedVersion {
  version: number;
  fileCount: number;
  sizeBytes: number;
  manifestDigest: string;
  newBytes: number;
}

export type CommitOutcome = { changed: true; published: PublishedVersion } | { changed: false; version: number };

export interface SourceVersionView {
  version: number;
  manifestDigest: string;
  manifestLocation: string;
  fileCount: number;
  sizeBytes: number;
  newBytes: number;
  publishedAt: string;
}

@Injectable()
export class SourceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SOURCE_STORE) private readonly store: ContentStore,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
  ) {}

  /** Checked before any byte is read, so a refused upload costs nothing. */
  async assertAcceptsSource(packageId: string): Promise<void> {
    assertHasSource(await findPackage(this.dataSource.manager, packageId));
  }

  /**
   * Stores every file of the archive (tar, tar.gz or zip), then, in one transaction holding the
   * package row, takes the next version number, writes the manifest and commits the version with
   * its events. A failure before the commit publishes nothing; two uploads get consecutive
   * versions. The package's programs are read first: in an archive without modes, the files
   * their command lines name become executable.
   */
  async publish(packageId: string, archive: AsyncIterable<Buffer>, contentType?: string): Promise<PublishedVersion> {
    const programs = await this.dataSource.manager.find(ProgramEntity, { where: { packageId }, select: { commandLine: true, workingDirectory: true } });
    const outcome = await this.importAndCommit(packageId, (sink) => importArchive(archive, sink, this.limits(), { contentType, programs }), false);
    if (!outcome.changed) throw new Error('an upload always publishes');
    return outcome.published;
  }

  limits(): ImportLimits {
    return { maxBytes: this.config.CATALOG_MAX_PACKAGE_BYTES, maxExpansionRatio: this.config.CATALOG_MAX_EXPANSION_RATIO };
  }

  /**
   * Runs an import into the source store and commits what it read (see commit). When the import
   * fails, or the commit is refused (a DomainError or HTTP refusal from inside the transaction, which is then
   * rolled back), the objects the import wrote are deleted again (RevocableSink): a refused
   * import leaves nothing. Any other commit failure keeps them, as the version may have been
   * committed after all. Refusals of the import become coded errors (rejectionError).
   */
  async importAndCommit(packageId: string, run: (sink: ObjectSink) => Promise<ImportedSource>, onlyIfChanged: boolean): Promise<CommitOutcome> {
    const sink = new RevocableSink(this.store);
    let imported: ImportedSource;
    try {
      imported = await run(sink);
    } catch (error) {
      await sink.revoke();
      throw error instanceof ArchiveRejected ? rejectionError(error) : error;
    }
    try {
      return await this.commit(packageId, imported, onlyIfChanged);
    } catch (error) {
      if (error instanceof DomainError || error instanceof HttpException) await sink.revoke();
      throw error;
    }
  }

  /**
   * Commits imported files as the next version. With `onlyIfChanged`, files identical to the
   * current version's (same manifest once numbered the same) publish nothing.
   */
  async commit(packageId: string, imported: ImportedSource, onlyIfChanged: boolean): Promise<CommitOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await findPackage(manager, packageId, true);
      assertHasSource(entity);
      if (onlyIfChanged && entity.sourceVersion > 0 && buildManifest(packageId, entity.sourceVersion, imported.files).digest === entity.manifestDigest) {
        return { changed: false, version: entity.sourceVersion };
      }
      const version = entity.sourceVersion + 1;
      const manifest = buildManifest(packageId, version, imported.files);
      const location = manifestLocation(packageId, version);
      await this.store.putBytes(location, manifest.bytes, 'application/json');
      const publishedAt = new Date();
      await manager.insert(SourceVersionEntity, {
        packageId,
        version,
        manifestDigest: manifest.digest,
        fileCount: manifest.document.fileCount,
        sizeBytes: manifest.document.sizeBytes,
        newBytes: imported.newBytes,
        publishedAt,
      });
      Object.assign(entity, {
        sourceVersion: version,
        manifestDigest: manifest.digest,
        sourceDate: publishedAt,
        sizeBytes: manifest.document.sizeBytes,
        fileCount: manifest.document.fileCount,
        updatedAt: publishedAt,
      });
      await manager.save(PackageEntity, entity);
      await this.outbox.enqueue(manager, [
        {
          type: EventTypes.catalog.sourceVersionPublished,
          subject: packageId,
          data: {
            packageId,
            version,
            manifestDigest: manifest.digest,
            fileCount: manifest.document.fileCount,
            sizeBytes: manifest.document.sizeBytes,
            manifestLocation: location,
            publishedAt: publishedAt.toISOString(),
          },
        },
        { type: EventTypes.catalog.packageUpdated, subject: packageId, data: toPackageData(entity) },
      ]);
      const published: PublishedVersion = {
        version,
        fileCount: manifest.document.fileCount,
        sizeBytes: manifest.document.sizeBytes,
        manifestDigest: manifest.digest,
        newBytes: imported.newBytes,
      };
      return { changed: true, published };
    });
  }

  async listVersions(packageId: string): Promise<{ items: SourceVersionView[]; nextCursor: null }> {
    await findPackage(this.dataSource.manager, packageId);
    const rows = await this.dataSource.manager.find(SourceVersionEntity, { where: { packageId }, order: { version: 'ASC' } });
    return { items: rows.map(toView), nextCursor: null };
  }

  async getManifest(packageId: string, version: number): Promise<SourceManifest & { manifestDigest: string; publishedAt: string }> {
    const row = await this.dataSource.manager.findOne(SourceVersionEntity, { where: { packageId, version } });
    if (!row) {
      throw sourceVersionNotFound(`package ${packageId} has no source version ${version}`);
    }
    try {
      const manifest = (await this.store.getJson(manifestLocation(packageId, version))) as SourceManifest;
      return { ...manifest, manifestDigest: row.manifestDigest, publishedAt: row.publishedAt.toISOString() };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        throw sourceManifestMissing(`the manifest of ${packageId} version ${version} is missing from the source store`);
      }
      throw error;
    }
  }
}

export function assertHasSource(entity: PackageEntity): void {
  if (!entity.hasSource) {
    throw packageCommandOnly(`package ${entity.id} is a command-only package (hasSource false); set hasSource to true to upload source`, [
      { field: 'hasSource', problems: ['is false'] },
    ]);
  }
}

function toView(row: SourceVersionEntity): SourceVersionView {
  return {
    version: row.version,
    manifestDigest: row.manifestDigest,
    manifestLocation: manifestLocation(row.packageId, row.version),
    fileCount: row.fileCount,
    sizeBytes: row.sizeBytes,
    newBytes: row.newBytes,
    publishedAt: row.publishedAt.toISOString(),
  };
}
