import { Client } from 'pg';
import { clientFixture, collectionFixture, packageFixture, programFixture } from './fixtures';

/** Site object ID `<site><5 upper-case hex>` of the index-th object of a bench. */
export function benchObjectId(site: string, index: number): string {
  return `${site}${index.toString(16).toUpperCase().padStart(5, '0')}`;
}

/** A deterministic client UUID per index, so load generators need no lookup. */
export function benchClientId(index: number): string {
  return `00000000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
}

export interface PolicySeed {
  clients: number;
  collections: number;
  advertisements: number;
  /** Collections each client is a member of. */
  membershipsPerClient: number;
  /** Also a collection with every client as a member (no advertisement on it): BENCH_FLEET_COLLECTION. */
  fleetCollection?: boolean;
}

/** The collection of the whole bench fleet, seeded when `fleetCollection` is asked for. */
export const BENCH_FLEET_COLLECTION = benchObjectId('C02', 1);

/** The package of the index-th seeded advertisement (program `Install`). */
export function benchPackageId(index: number): string {
  return benchObjectId('B01', index + 1);
}

/**
 * Fills the advertisement service's own tables in bulk SQL, as its consumers would have from
 * catalog, targeting and replication events: one package with an `Install` program per
 * advertisement, its content installed on one DP of the clients' site, clients spread over the
 * collections, and advertisements on the collections.
 */
export async function seedPolicyTables(databaseUrl: string, seed: PolicySeed): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const packages = Array.from({ length: seed.advertisements }, (_, index) =>
      packageFixture({ id: benchPackageId(index), sourceVersion: 1 }),
    );
    await client.query(`INSERT INTO known_package (id, has_source, source_version, data) SELECT id, true, 1, data FROM unnest($1::text[], $2::jsonb[]) AS p(id, data)`, [
      packages.map((pkg) => pkg.id),
      packages.map((pkg) => JSON.stringify(pkg)),
    ]);
    await client.query(`INSERT INTO known_program (package_id, name, disabled, data) SELECT id, 'Install', false, data FROM unnest($1::text[], $2::jsonb[]) AS p(id, data)`, [
      packages.map((pkg) => pkg.id),
      packages.map((pkg) => JSON.stringify(programFixture({ packageId: pkg.id, name: 'Install' }))),
    ]);
    await client.query(`INSERT INTO known_distribution_point (name, site_code, boundaries, protected, enabled) VALUES ('BENCH-DP', 'S01', '{10.0.0.0/8}', false, true)`);
    await client.query(
      `INSERT INTO package_dp_content (package_id, distribution_point, state, installed_version, site_code, boundaries, protected)
       SELECT id, 'BENCH-DP', 'INSTALLED', 1, 'S01', '{10.0.0.0/8}', false FROM unnest($1::text[]) AS p(id)`,
      [packages.map((pkg) => pkg.id)],
    );
    const collections = Array.from({ length: seed.collections }, (_, index) => collectionFixture({ id: benchObjectId('C01', index + 1) }));
    if (seed.fleetCollection) {
      collections.push(collectionFixture({ id: BENCH_FLEET_COLLECTION }));
    }
    await client.query(
      `INSERT INTO known_collection (id, parent_collection_id, maintenance_windows, data) SELECT id, NULL, '[]', data FROM unnest($1::text[], $2::jsonb[]) AS c(id, data)`,
      [collections.map((collection) => collection.id), collections.map((collection) => JSON.stringify(collection))],
    );
    const template = clientFixture({ id: benchClientId(0) });
    await client.query(
      `INSERT INTO known_client (id, blocked, data)
       SELECT id, false, $2::jsonb || jsonb_build_object('id', id, 'name', 'bench-' || i, 'hardwareId', 'hw-' || i)
       FROM (SELECT i, '00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0') AS id FROM generate_series(0, $1 - 1) AS i) AS c`,
      [seed.clients, JSON.stringify(template)],
    );
    await client.query(
      `INSERT INTO collection_member (collection_id, client_id)
       SELECT DISTINCT 'C01' || upper(lpad(to_hex(((i * 7919 + k * 104729) % $2) + 1), 5, '0')),
              ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid
       FROM generate_series(0, $1 - 1) AS i, generate_series(0, $3 - 1) AS k`,
      [seed.clients, seed.collections, seed.membershipsPerClient],
    );
    if (seed.fleetCollection) {
      await client.query(
        `INSERT INTO collection_member (collection_id, client_id)
         SELECT $2, ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(0, $1 - 1) AS i`,
        [seed.clients, BENCH_FLEET_COLLECTION],
      );
    }
    await seedAdvertisements(client, seed.advertisements, (index) => collections[index % seed.collections].id);
    await client.query(`ANALYZE`);
  });
}

/** Advertisements `A01…` of package `B01…` program `Install`, available since 2026-01-01. */
export async function seedAdvertisements(databaseUrlOrClient: string | Client, count: number, collectionOf: (index: number) => string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => benchObjectId('A01', index + 1));
  const insert = (client: Client) =>
    client.query(
      `INSERT INTO advertisement (id, name, comment, package_id, program, collection_id, include_subcollections, available_at, expires_at,
         mandatory, rerun, fast_network, slow_network, allow_fallback_to_unprotected, ignore_maintenance_windows,
         allow_restart_outside_windows, allow_user_to_run_independently, priority, enabled, created_at, updated_at)
       SELECT a.id, 'bench ' || a.id, '', 'B01' || substr(a.id, 4), 'Install', a.collection_id, false, '2026-01-01T00:00:00Z', NULL,
         '[]', 'if-failed', 'download', 'download', false, false, false, true, 'medium', true, now(), now()
       FROM unnest($1::text[], $2::text[]) AS a(id, collection_id)`,
      [ids, ids.map((_, index) => collectionOf(index))],
    );
  if (typeof databaseUrlOrClient === 'string') {
    await withClient(databaseUrlOrClient, insert);
  } else {
    await insert(databaseUrlOrClient);
  }
  return ids;
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
