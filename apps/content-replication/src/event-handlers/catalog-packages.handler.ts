import { Injectable } from '@nestjs/common';
import { CatalogEventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { DistributionRows } from '../replication/distribution-rows/distribution-rows';
import { SourceManifests } from '../replication/install/source-manifests';

/**
 * Keeps what replication needs of each package (priority, whether it has content, its current
 * version) and turns catalog changes into queued work: a published version moves every DP of the
 * package to it; a deleted package leaves every DP.
 */
@Injectable()
export class CatalogPackagesHandler implements EventHandler {
  readonly purpose = 'catalog-packages';
  readonly topics = [TOPICS.catalogPackages];

  constructor(
    private readonly rows: DistributionRows,
    private readonly sourceManifests: SourceManifests,
  ) {}

  async handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case CatalogEventTypes.packageCreated:
      case CatalogEventTypes.packageUpdated: {
        const { data } = event;
        await this.upsertPackage(manager, data.id, data.sourceVersion, { priority: data.priority, hasSource: data.hasSource });
        return;
      }
      case CatalogEventTypes.sourceVersionPublished: {
        const { data } = event;
        await this.upsertPackage(manager, data.packageId, data.version, {});
        return;
      }
      case CatalogEventTypes.packageDeleted: {
        const { id } = event.data;
        // Raw SQL: projection: the deleted mark upserted (ON CONFLICT) and the package's assignments deleted, one statement each.
        await manager.query(
          `INSERT INTO replicated_package (id, deleted) VALUES ($1, true)
           ON CONFLICT (id) DO UPDATE SET deleted = true, updated_at = now()`,
          [id],
        );
        await manager.query(`DELETE FROM package_assignment WHERE package_id = $1`, [id]);
        await this.rows.reconcile(manager, [id]);
        return;
      }
      default:
        return;
    }
  }

  /** Versions only move forward, so a replayed or late event never takes a DP back. */
  private async upsertPackage(
    manager: EntityManager,
    id: string,
    version: number,
    fields: { priority?: string; hasSource?: boolean },
  ): Promise<void> {
    // Raw SQL: projection: one upsert (ON CONFLICT), the version only moving forward (GREATEST).
    await manager.query(
      `INSERT INTO replicated_package (id, priority, has_source, current_version) VALUES ($1, COALESCE($2, 'medium'), COALESCE($3, true), $4)
       ON CONFLICT (id) DO UPDATE SET
         priority = COALESCE($2, replicated_package.priority),
         has_source = COALESCE($3, replicated_package.has_source),
         current_version = GREATEST(replicated_package.current_version, $4),
         updated_at = now()`,
      [id, fields.priority ?? null, fields.hasSource ?? null, version],
    );
    if (version > 0) {
      await this.rows.reconcile(manager, [id]);
      const moved = await this.rows.moveToVersion(manager, id, version);
      // The jobs of the moved rows start with the manifests of the new version and of the one each DP holds (see
      // installVersion): reading them now overlaps the rest of this transaction and the jobs' claims.
      const versions = new Set([version, ...moved.map((row) => row.installed_version).filter((installed) => installed !== null)]);
      if (moved.length > 0) for (const wanted of versions) this.sourceManifests.readAhead(id, wanted);
    }
  }
}
