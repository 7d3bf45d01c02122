import {
  CloudEvent,
  DistributionPointData,
  DistributionPointDeletedData,
  EventTypes,
  PackageStatusChangedData,
  PackageStatusRemovedData,
} from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import { PolicyInvalidation } from './policy-invalidation';

interface ContentRow {
  state: string;
  installed_version: number | null;
  site_code: string;
  boundaries: string[];
  protected: boolean;
}

/**
 * Keeps which distribution point holds which version of which package, and where each DP is,
 * from content-replication events. Progress-only updates (bytes, files) touch no policy.
 */
export async function applyReplicationEvent(event: CloudEvent, manager: EntityManager): Promise<void> {
  const invalidate = new PolicyInvalidation(manager);
  switch (event.type) {
    case EventTypes.replication.packageStatusChanged: {
      const data = event.data as PackageStatusChangedData;
      const [before]: ContentRow[] = await manager.query(
        `SELECT state, installed_version, site_code, boundaries, protected FROM package_dp_content
         WHERE package_id = $1 AND distribution_point = $2`,
        [data.packageId, data.distributionPoint],
      );
      const after: ContentRow = {
        state: data.state,
        installed_version: data.installedVersion,
        site_code: data.siteCode,
        boundaries: data.boundaries,
        protected: data.protected,
      };
      await manager.query(
        `INSERT INTO package_dp_content (package_id, distribution_point, state, installed_version, site_code, boundaries, protected)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (package_id, distribution_point) DO UPDATE SET state = EXCLUDED.state,
           installed_version = EXCLUDED.installed_version, site_code = EXCLUDED.site_code,
           boundaries = EXCLUDED.boundaries, protected = EXCLUDED.protected`,
        [data.packageId, data.distributionPoint, after.state, after.installed_version, after.site_code, after.boundaries, after.protected],
      );
      if (!before || JSON.stringify(before) !== JSON.stringify(after)) {
        await invalidate.package(data.packageId);
      }
      return;
    }
    case EventTypes.replication.packageStatusRemoved: {
      const data = event.data as PackageStatusRemovedData;
      await invalidate.package(data.packageId);
      await manager.query(`DELETE FROM package_dp_content WHERE package_id = $1 AND distribution_point = $2`, [
        data.packageId,
        data.distributionPoint,
      ]);
      return;
    }
    case EventTypes.replication.distributionPointRegistered:
    case EventTypes.replication.distributionPointUpdated: {
      const data = event.data as DistributionPointData;
      await invalidate.everything();
      await manager.query(
        `INSERT INTO known_distribution_point (name, site_code, boundaries, protected, enabled) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET site_code = EXCLUDED.site_code, boundaries = EXCLUDED.boundaries,
           protected = EXCLUDED.protected, enabled = EXCLUDED.enabled`,
        [data.name, data.siteCode, data.boundaries, data.protected, data.enabled],
      );
      return;
    }
    case EventTypes.replication.distributionPointDeleted: {
      const { name } = event.data as DistributionPointDeletedData;
      await invalidate.everything();
      await manager.query(`DELETE FROM known_distribution_point WHERE name = $1`, [name]);
      await manager.query(`DELETE FROM package_dp_content WHERE distribution_point = $1`, [name]);
      return;
    }
    default:
      return;
  }
}
