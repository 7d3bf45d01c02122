import { Injectable } from '@nestjs/common';
import { EventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { PolicyInvalidation } from '../policy/policy-invalidation';

interface ContentRow {
  state: string;
  installed_version: number | null;
  site_code: string;
  boundaries: string[];
  protected: boolean;
}

interface KnownDistributionPoint {
  site_code: string;
  boundaries: string[];
  protected: boolean;
  enabled: boolean;
}

async function knownDistributionPoint(manager: EntityManager, name: string): Promise<KnownDistributionPoint | undefined> {
  // Raw SQL: the projection's row in the column shape its change check compares with the event (table written only by the upsert below).
  const [row]: KnownDistributionPoint[] = await manager.query(
    `SELECT site_code, boundaries, protected, enabled FROM known_distribution_point WHERE name = $1`,
    [name],
  );
  return row;
}

/**
 * A protected DP decides, by its boundaries alone, which other DPs the clients inside may use:
 * its changes reach every policy. Any other DP only matters to the packages it holds.
 */
async function invalidateForDistributionPoint(
  invalidate: PolicyInvalidation,
  manager: EntityManager,
  name: string,
  versions: (KnownDistributionPoint | undefined)[],
): Promise<void> {
  if (versions.some((version) => version?.protected)) {
    await invalidate.everything();
    return;
  }
  // Raw SQL: the distinct packages the DP holds, in one statement.
  const held: { package_id: string }[] = await manager.query(`SELECT DISTINCT package_id FROM package_dp_content WHERE distribution_point = $1`, [name]);
  for (const { package_id } of held) {
    await invalidate.package(package_id);
  }
}

/**
 * Keeps which distribution point holds which version of which package, and where each DP is,
 * from content-replication events. Progress-only updates (bytes, files) touch no policy.
 */
async function applyReplicationEvent(event: SdpEvent, manager: EntityManager): Promise<void> {
  // Raw SQL: projection: one upsert (ON CONFLICT) or set-based delete per event, its previous row read in the same column shape.
  const invalidate = new PolicyInvalidation(manager);
  switch (event.type) {
    case EventTypes.replication.packageStatusChanged: {
      const { data } = event;
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
      const { data } = event;
      await invalidate.package(data.packageId);
      await manager.query(`DELETE FROM package_dp_content WHERE package_id = $1 AND distribution_point = $2`, [
        data.packageId,
        data.distributionPoint,
      ]);
      return;
    }
    case EventTypes.replication.distributionPointRegistered:
    case EventTypes.replication.distributionPointUpdated: {
      const { data } = event;
      const before = await knownDistributionPoint(manager, data.name);
      const after: KnownDistributionPoint = { site_code: data.siteCode, boundaries: data.boundaries, protected: data.protected, enabled: data.enabled };
      if (!before || JSON.stringify(before) !== JSON.stringify(after)) {
        await invalidateForDistributionPoint(invalidate, manager, data.name, [before, after]);
      }
      await manager.query(
        `INSERT INTO known_distribution_point (name, site_code, boundaries, protected, enabled) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET site_code = EXCLUDED.site_code, boundaries = EXCLUDED.boundaries,
           protected = EXCLUDED.protected, enabled = EXCLUDED.enabled`,
        [data.name, after.site_code, after.boundaries, after.protected, after.enabled],
      );
      return;
    }
    case EventTypes.replication.distributionPointDeleted: {
      const { name } = event.data;
      await invalidateForDistributionPoint(invalidate, manager, name, [await knownDistributionPoint(manager, name)]);
      await manager.query(`DELETE FROM known_distribution_point WHERE name = $1`, [name]);
      await manager.query(`DELETE FROM package_dp_content WHERE distribution_point = $1`, [name]);
      return;
    }
    default:
      return;
  }
}

@Injectable()
export class ReplicationHandler implements EventHandler {
  readonly purpose = 'replication';
  readonly topics = [TOPICS.replicationPackageStatus, TOPICS.replicationDistributionPoints];

  handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    return applyReplicationEvent(event, manager);
  }
}
