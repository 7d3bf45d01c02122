import type { AdvertisementData, ClientData, MaintenanceWindowData, PackageData, ProgramData } from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import { ADVERTISEMENT_COLUMNS, advertisementFromRow, AdvertisementRow } from '../advertisements/advertisement.record';

export interface DistributionPointRecord {
  name: string;
  siteCode: string;
  boundaries: string[];
  protected: boolean;
  enabled: boolean;
}

export interface PackageContentRecord {
  packageId: string;
  distributionPoint: string;
  state: string;
  installedVersion: number | null;
  siteCode: string;
  boundaries: string[];
  protected: boolean;
}

export interface CollectionWindows {
  collectionId: string;
  windows: MaintenanceWindowData[];
}

/** Everything a client's policy depends on, read from this service's own tables. */
export interface ClientPolicyData {
  clientId: string;
  client: ClientData | undefined;
  collections: Set<string>;
  ancestors: Set<string>;
  advertisements: AdvertisementData[];
  programs: ProgramData[];
  packages: PackageData[];
  contents: PackageContentRecord[];
  distributionPoints: DistributionPointRecord[];
  maintenanceWindows: CollectionWindows[];
}

/**
 * Reads a client's policy inputs. With `advertisementId` (explain) that advertisement is read
 * whether or not the client is a member.
 */
export async function loadClientPolicyData(manager: EntityManager, clientId: string, advertisementId?: string): Promise<ClientPolicyData> {
  // Raw SQL: the measured policy computation (bench policy): recursive CTEs for ancestors and dependency chains, only the columns it uses.
  const [clientRow]: { data: ClientData }[] = await manager.query(`SELECT data FROM known_client WHERE id = $1`, [clientId]);
  const collectionRows: { collection_id: string }[] = await manager.query(`SELECT collection_id FROM collection_member WHERE client_id = $1`, [
    clientId,
  ]);
  const collections = new Set(collectionRows.map((row) => row.collection_id));
  const ancestorRows: { id: string }[] = await manager.query(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parent_collection_id, 1 FROM known_collection WHERE id = ANY($1::text[]) AND parent_collection_id IS NOT NULL
       UNION
       SELECT c.parent_collection_id, up.depth + 1 FROM known_collection c JOIN up ON c.id = up.id
       WHERE c.parent_collection_id IS NOT NULL AND up.depth < 64
     )
     SELECT DISTINCT id FROM up`,
    [[...collections]],
  );
  const ancestors = new Set(ancestorRows.map((row) => row.id));
  const advertisementRows: AdvertisementRow[] =
    advertisementId === undefined
      ? await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE collection_id = ANY($1::text[]) ORDER BY id`, [
          [...collections, ...ancestors],
        ])
      : await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE id = $1`, [advertisementId]);
  const advertisements = advertisementRows.map(advertisementFromRow);
  const programRows: { data: ProgramData }[] = await manager.query(
    `WITH RECURSIVE chain(package_id, name, depth) AS (
       SELECT * , 0 FROM unnest($1::text[], $2::text[])
       UNION
       SELECT p.data->'dependsOn'->>'packageId', p.data->'dependsOn'->>'program', c.depth + 1
       FROM chain c JOIN known_program p ON p.package_id = c.package_id AND p.name = c.name
       WHERE jsonb_typeof(p.data->'dependsOn') = 'object' AND c.depth < 32
     )
     SELECT p.data FROM known_program p WHERE (p.package_id, p.name) IN (SELECT package_id, name FROM chain)`,
    [advertisements.map((advertisement) => advertisement.packageId), advertisements.map((advertisement) => advertisement.program)],
  );
  const programs = programRows.map((row) => row.data);
  const packageIds = [...new Set([...advertisements.map((advertisement) => advertisement.packageId), ...programs.map((program) => program.packageId)])];
  const packageRows: { data: PackageData }[] = await manager.query(`SELECT data FROM known_package WHERE id = ANY($1::text[])`, [packageIds]);
  const contentRows: {
    package_id: string;
    distribution_point: string;
    state: string;
    installed_version: number | null;
    site_code: string;
    boundaries: string[];
    protected: boolean;
  }[] = await manager.query(
    `SELECT package_id, distribution_point, state, installed_version, site_code, boundaries, protected
     FROM package_dp_content WHERE package_id = ANY($1::text[])`,
    [packageIds],
  );
  const distributionPoints: DistributionPointRecord[] = (
    await manager.query(`SELECT name, site_code, boundaries, protected, enabled FROM known_distribution_point`)
  ).map((row: { name: string; site_code: string; boundaries: string[]; protected: boolean; enabled: boolean }) => ({
    name: row.name,
    siteCode: row.site_code,
    boundaries: row.boundaries,
    protected: row.protected,
    enabled: row.enabled,
  }));
  const windowRows: { id: string; maintenance_windows: MaintenanceWindowData[] }[] = await manager.query(
    `SELECT id, maintenance_windows FROM known_collection WHERE id = ANY($1::text[]) ORDER BY id`,
    [[...collections]],
  );
  return {
    clientId,
    client: clientRow?.data,
    collections,
    ancestors,
    advertisements,
    programs,
    packages: packageRows.map((row) => row.data),
    contents: contentRows.map((row) => ({
      packageId: row.package_id,
      distributionPoint: row.distribution_point,
      state: row.state,
      installedVersion: row.installed_version,
      siteCode: row.site_code,
      boundaries: row.boundaries,
      protected: row.protected,
    })),
    distributionPoints,
    maintenanceWindows: windowRows.map((row) => ({ collectionId: row.id, windows: row.maintenance_windows })),
  };
}
