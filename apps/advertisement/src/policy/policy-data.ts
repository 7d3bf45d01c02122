import type { AdvertisementData, ClientData, MaintenanceWindowData, PackageData, ProgramData } from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import { ADVERTISEMENT_COLUMNS, advertisementFromRow, AdvertisementRow } from '../advertisements/advertisement.record';
import { loadRolloutRecords, RolloutRecord } from '../rollout/rollout-record';

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
  /** By advertisement ID: the generation of the administrator's "retry failed" for this client (absent = 0). */
  retryGenerations: ReadonlyMap<string, number>;
  /** By advertisement ID: the retry generation at which the administrator asked this client to rerun it (absent = never). */
  rerunGenerations: ReadonlyMap<string, number>;
  /** The phased deployments of its advertisements, by advertisement ID. */
  rollouts: ReadonlyMap<string, RolloutRecord>;
}

/** A program of the dependency chain that starts at an advertisement's (package, program). */
export interface ChainProgram {
  rootPackageId: string;
  rootProgram: string;
  program: ProgramData;
}

/** The rows the bulk loader reads for a batch of clients, before they are grouped per client. */
export interface PolicyBatchRows {
  clients: { id: string; data: ClientData }[];
  /** `clientId` as PostgreSQL prints a uuid (lower case). */
  memberships: { clientId: string; collectionId: string }[];
  /** Every ancestor of every collection of the batch, by the collection it was reached from. */
  ancestors: { collectionId: string; ancestorId: string }[];
  /** The batch's collections that are known, by id (the order of maintenance windows in a policy). */
  maintenanceWindows: CollectionWindows[];
  /** By id: the order of advertisements in a policy. */
  advertisements: AdvertisementData[];
  chains: ChainProgram[];
  packages: PackageData[];
  contents: PackageContentRecord[];
  distributionPoints: DistributionPointRecord[];
  /** `clientId` as PostgreSQL prints a uuid (lower case). */
  retryGenerations: { clientId: string; advertisementId: string; generation: number; rerunGeneration?: number }[];
  /** The phased deployments of the batch's advertisements (none: no advertisement has phases). */
  rollouts?: RolloutRecord[];
}

/** Reads one client's policy inputs: the one-client case of `loadPolicyData`. */
export async function loadClientPolicyData(manager: EntityManager, clientId: string, advertisementIds?: string | readonly string[]): Promise<ClientPolicyData> {
  const [data] = await loadPolicyData(manager, [clientId], advertisementIds);
  return data;
}

/**
 * Reads the policy inputs of a batch of clients in a constant number of queries, whatever the
 * batch size, one ClientPolicyData per client in the order given. With `advertisementIds`
 * (explain) those advertisements are read, and given to every client whether or not it is a member.
 */
export async function loadPolicyData(manager: EntityManager, clientIds: readonly string[], advertisementIds?: string | readonly string[]): Promise<ClientPolicyData[]> {
  // Raw SQL: the measured policy computation (bench policy): set-based reads for the whole batch, recursive CTEs for ancestors and dependency chains, only the columns it uses.
  // Reads that do not need each other's answers go together (each on a connection of the pool): five waits a batch, not twelve; none of them was in one snapshot before either.
  const [clients, memberships, distributionPoints]: [{ id: string; data: ClientData }[], { clientId: string; collectionId: string }[], DistributionPointRecord[]] = await Promise.all([
    manager.query(`SELECT id, data FROM known_client WHERE id = ANY($1::text[])`, [clientIds]),
    manager.query(`SELECT client_id::text AS "clientId", collection_id AS "collectionId" FROM collection_member WHERE client_id = ANY($1::uuid[])`, [clientIds]),
    manager.query(`SELECT name, site_code AS "siteCode", boundaries, protected, enabled FROM known_distribution_point ORDER BY name`),
  ]);
  const collectionIds = [...new Set(memberships.map((membership) => membership.collectionId))];
  const [ancestors, windowRows]: [{ collectionId: string; ancestorId: string }[], { id: string; maintenance_windows: MaintenanceWindowData[] }[]] = await Promise.all([
    manager.query(
      `WITH RECURSIVE up(origin, id, depth) AS (
         SELECT id, parent_collection_id, 1 FROM known_collection WHERE id = ANY($1::text[]) AND parent_collection_id IS NOT NULL
         UNION
         SELECT up.origin, c.parent_collection_id, up.depth + 1 FROM known_collection c JOIN up ON c.id = up.id
         WHERE c.parent_collection_id IS NOT NULL AND up.depth < 64
       )
       SELECT DISTINCT origin AS "collectionId", id AS "ancestorId" FROM up`,
      [collectionIds],
    ),
    manager.query(`SELECT id, maintenance_windows FROM known_collection WHERE id = ANY($1::text[]) ORDER BY id`, [collectionIds]),
  ]);
  const advertisementRows: AdvertisementRow[] =
    advertisementIds === undefined
      ? await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE collection_id = ANY($1::text[]) ORDER BY id`, [
          [...new Set([...collectionIds, ...ancestors.map((ancestor) => ancestor.ancestorId)])],
        ])
      : await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE id = ANY($1::text[]) ORDER BY id`, [
          typeof advertisementIds === 'string' ? [advertisementIds] : advertisementIds,
        ]);
  const advertisements = advertisementRows.map(advertisementFromRow);
  const roots = uniqueBy(advertisements, (advertisement) => programKey(advertisement.packageId, advertisement.program));
  const [chains, retryGenerations, rollouts]: [ChainProgram[], PolicyBatchRows['retryGenerations'], RolloutRecord[]] = await Promise.all([
    manager.query(
      `WITH RECURSIVE chain(root_package, root_program, package_id, name, depth) AS (
         SELECT r.package_id, r.name, r.package_id, r.name, 0 FROM unnest($1::text[], $2::text[]) AS r(package_id, name)
         UNION
         SELECT c.root_package, c.root_program, p.data->'dependsOn'->>'packageId', p.data->'dependsOn'->>'program', c.depth + 1
         FROM chain c JOIN known_program p ON p.package_id = c.package_id AND p.name = c.name
         WHERE jsonb_typeof(p.data->'dependsOn') = 'object' AND c.depth < 32
       )
       SELECT DISTINCT ON (c.root_package, c.root_program, p.package_id, p.name)
         c.root_package AS "rootPackageId", c.root_program AS "rootProgram", p.data AS program
       FROM chain c JOIN known_program p ON p.package_id = c.package_id AND p.name = c.name`,
      [roots.map((advertisement) => advertisement.packageId), roots.map((advertisement) => advertisement.program)],
    ),
    manager.query(
      `SELECT client_id::text AS "clientId", advertisement_id AS "advertisementId", generation, rerun_generation AS "rerunGeneration"
       FROM advertisement_client_retry WHERE client_id = ANY($1::uuid[]) AND advertisement_id = ANY($2::text[])`,
      [clientIds, advertisements.map((advertisement) => advertisement.id)],
    ),
    loadRolloutRecords(manager, advertisements.map((advertisement) => advertisement.id)),
  ]);
  const packageIds = [...new Set([...advertisements.map((advertisement) => advertisement.packageId), ...chains.map((chain) => chain.program.packageId)])];
  const [packageRows, contents]: [{ data: PackageData }[], PackageContentRecord[]] = await Promise.all([
    manager.query(`SELECT data FROM known_package WHERE id = ANY($1::text[])`, [packageIds]),
    manager.query(
      `SELECT package_id AS "packageId", distribution_point AS "distributionPoint", state, installed_version AS "installedVersion",
         site_code AS "siteCode", boundaries, protected
       FROM package_dp_content WHERE package_id = ANY($1::text[]) ORDER BY package_id, distribution_point`,
      [packageIds],
    ),
  ]);
  const rows: PolicyBatchRows = {
    clients,
    memberships,
    ancestors,
    maintenanceWindows: windowRows.map((row) => ({ collectionId: row.id, windows: row.maintenance_windows })),
    advertisements,
    chains,
    packages: packageRows.map((row) => row.data),
    contents,
    distributionPoints,
    retryGenerations,
    rollouts,
  };
  return groupPolicyData(clientIds, rows, advertisementIds !== undefined);
}

/**
 * Each client's share of a batch's rows: its collections and their ancestors, the advertisements
 * on them (all of them when `everyAdvertisement`, for explain) in the batch's order, their
 * dependency chains, packages and content, the known DPs and its collections' maintenance windows.
 */
export function groupPolicyData(clientIds: readonly string[], rows: PolicyBatchRows, everyAdvertisement: boolean): ClientPolicyData[] {
  const clients = new Map(rows.clients.map((client) => [client.id, client.data]));
  const collectionsOf = groupBy(rows.memberships, (membership) => membership.clientId);
  const ancestorsOf = groupBy(rows.ancestors, (ancestor) => ancestor.collectionId);
  const windowsOf = new Map(rows.maintenanceWindows.map((windows, index) => [windows.collectionId, { windows, index }]));
  const advertisementsOn = groupBy(
    rows.advertisements.map((advertisement, index) => ({ advertisement, index })),
    (entry) => entry.advertisement.collectionId,
  );
  const chainOf = groupBy(rows.chains, (chain) => programKey(chain.rootPackageId, chain.rootProgram));
  const packages = new Map(rows.packages.map((pkg) => [pkg.id, pkg]));
  const contentsOf = groupBy(rows.contents, (content) => content.packageId);
  const retryGenerationsOf = groupBy(rows.retryGenerations, (retry) => retry.clientId);
  const rollouts = new Map((rows.rollouts ?? []).map((rollout) => [rollout.advertisementId, rollout]));

  return clientIds.map((clientId) => {
    const collections = new Set((collectionsOf.get(clientId.toLowerCase()) ?? []).map((membership) => membership.collectionId));
    const ancestors = new Set([...collections].flatMap((collectionId) => (ancestorsOf.get(collectionId) ?? []).map((ancestor) => ancestor.ancestorId)));
    const advertisements = everyAdvertisement
      ? rows.advertisements
      : uniqueBy(
          [...collections, ...ancestors].flatMap((collectionId) => advertisementsOn.get(collectionId) ?? []).sort((left, right) => left.index - right.index),
          (entry) => entry.advertisement.id,
        ).map((entry) => entry.advertisement);
    const programs = uniqueBy(
      advertisements.flatMap((advertisement) => (chainOf.get(programKey(advertisement.packageId, advertisement.program)) ?? []).map((chain) => chain.program)),
      (program) => programKey(program.packageId, program.name),
    );
    const packageIds = [...new Set([...advertisements.map((advertisement) => advertisement.packageId), ...programs.map((program) => program.packageId)])];
    return {
      clientId,
      client: clients.get(clientId),
      collections,
      ancestors,
      advertisements,
      programs,
      packages: packageIds.flatMap((packageId) => packages.get(packageId) ?? []),
      contents: packageIds.flatMap((packageId) => contentsOf.get(packageId) ?? []),
      distributionPoints: rows.distributionPoints,
      maintenanceWindows: [...collections]
        .flatMap((collectionId) => windowsOf.get(collectionId) ?? [])
        .sort((left, right) => left.index - right.index)
        .map((entry) => entry.windows),
      retryGenerations: new Map((retryGenerationsOf.get(clientId.toLowerCase()) ?? []).map((retry) => [retry.advertisementId, retry.generation])),
      rerunGenerations: new Map(
        (retryGenerationsOf.get(clientId.toLowerCase()) ?? []).filter((retry) => (retry.rerunGeneration ?? 0) > 0).map((retry) => [retry.advertisementId, retry.rerunGeneration!]),
      ),
      rollouts,
    };
  });
}

function programKey(packageId: string, name: string): string {
  return `${packageId}\u0000${name}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}

/** The first item of each key, in order. */
function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
