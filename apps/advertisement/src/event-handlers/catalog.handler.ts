import { Injectable } from '@nestjs/common';
import { EventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { PolicyInvalidation } from '../policy/policy-invalidation';

/** Keeps this service's copy of packages and programs (validation, policy) from catalog events. */
async function applyCatalogEvent(event: SdpEvent, manager: EntityManager): Promise<void> {
  // Raw SQL: projection: upserts (ON CONFLICT) and deletes by key, one statement each, a source version only moving forward; the ORM would read then write.
  const invalidate = new PolicyInvalidation(manager);
  switch (event.type) {
    case EventTypes.catalog.packageCreated:
    case EventTypes.catalog.packageUpdated: {
      const { data } = event;
      await manager.query(
        `INSERT INTO known_package (id, has_source, source_version, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET has_source = EXCLUDED.has_source, source_version = EXCLUDED.source_version, data = EXCLUDED.data`,
        [data.id, data.hasSource, data.sourceVersion, data],
      );
      await invalidate.package(data.id);
      return;
    }
    case EventTypes.catalog.packageDeleted: {
      const { id } = event.data;
      await invalidate.package(id);
      await manager.query(`DELETE FROM known_program WHERE package_id = $1`, [id]);
      await manager.query(`DELETE FROM known_package WHERE id = $1`, [id]);
      return;
    }
    case EventTypes.catalog.programCreated:
    case EventTypes.catalog.programUpdated: {
      const { data } = event;
      await manager.query(
        `INSERT INTO known_program (package_id, name, disabled, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (package_id, name) DO UPDATE SET disabled = EXCLUDED.disabled, data = EXCLUDED.data`,
        [data.packageId, data.name, data.disabled, data],
      );
      await invalidate.package(data.packageId);
      return;
    }
    case EventTypes.catalog.programDeleted: {
      const { data } = event;
      await invalidate.package(data.packageId);
      await manager.query(`DELETE FROM known_program WHERE package_id = $1 AND name = $2`, [data.packageId, data.name]);
      return;
    }
    case EventTypes.catalog.sourceVersionPublished: {
      const { data } = event;
      // The package.updated event that follows carries the same; this makes the new version
      // count even if that event is late. A version never goes back.
      await manager.query(
        `UPDATE known_package
         SET source_version = $2,
             data = data || jsonb_build_object('sourceVersion', $2::int, 'manifestDigest', $3::text, 'sourceDate', $4::text,
                                               'sizeBytes', $5::bigint, 'fileCount', $6::int)
         WHERE id = $1 AND source_version < $2`,
        [data.packageId, data.version, data.manifestDigest, data.publishedAt, data.sizeBytes, data.fileCount],
      );
      await invalidate.package(data.packageId);
      return;
    }
    default:
      return;
  }
}

@Injectable()
export class CatalogHandler implements EventHandler {
  readonly purpose = 'catalog';
  readonly topics = [TOPICS.catalogPackages];

  handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    return applyCatalogEvent(event, manager);
  }
}
