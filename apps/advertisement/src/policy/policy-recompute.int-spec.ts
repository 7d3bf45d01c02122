import { AdvertisementData, EventTypes, PackageStatusChangedData, PolicyBody } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { computePolicies, storePolicies } from './policy-computation';
import { PolicyRecomputeWorker } from './policy-recompute-worker';

const mainPackage = 'T0900001';
const dependencyPackage = 'T0900002';
const parentCollection = 'T0900003';
const subcollection = 'T0900004';
const otherCollection = 'T0900005';
const bigCollection = 'T0900006';
const SEEDED_CLIENTS = 12_000;
const DELTA_CLIENTS = 10_000;

function installed(packageId: string): PackageStatusChangedData {
  return {
    packageId,
    distributionPoint: 'recompute-dp',
    state: 'INSTALLED',
    stateCode: 0,
    desiredVersion: 1,
    installedVersion: 1,
    attempts: 1,
    lastError: null,
    bytesDone: 10,
    bytesTotal: 10,
    filesDone: 1,
    filesTotal: 1,
    siteCode: 'S01',
    boundaries: ['10.1.0.0/16'],
    protected: false,
    updatedAt: new Date().toISOString(),
  };
}

interface CachedRow {
  client_id: string;
  etag: string;
  body: PolicyBody;
  computed_at: string;
}

describe('policies recomputed off the request path (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let dataSource: DataSource;
  let worker: PolicyRecomputeWorker;
  /** Members of the subcollection (through it, of the parent), of the other collection, of none. */
  const subMembers = [randomUUID(), randomUUID()];
  const otherMember = randomUUID();
  const loner = randomUUID();
  const latecomer = randomUUID();
  const clients = [...subMembers, otherMember, loner, latecomer];

  function cached(clientIds: readonly string[]): Promise<CachedRow[]> {
    return kit.query<CachedRow>(
      `SELECT client_id::text, etag, body, computed_at::text FROM client_policy WHERE client_id = ANY($1::uuid[]) ORDER BY client_id`,
      [clientIds],
    );
  }

  async function advertise(name: string, packageId: string, collectionId: string, extra: Record<string, unknown> = {}): Promise<AdvertisementData> {
    return (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', { body: { name, packageId, program: 'Install', collectionId, ...extra } });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, `advertisement ${name} accepted`)
    ).body;
  }

  function offers(body: PolicyBody, advertisement: AdvertisementData): boolean {
    return body.advertisements.some((entry) => entry.advertisementId === advertisement.id);
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start();
    dataSource = kit.service.app.get(DataSource);
    worker = kit.service.app.get(PolicyRecomputeWorker);
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: dependencyPackage, sourceVersion: 1 }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId: dependencyPackage, name: 'Runtime' }));
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: mainPackage, sourceVersion: 1 }));
    await kit.publish(
      EventTypes.catalog.programCreated,
      programFixture({ packageId: mainPackage, name: 'Install', dependsOn: { packageId: dependencyPackage, program: 'Runtime', alwaysRunFirst: true } }),
    );
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(mainPackage));
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(dependencyPackage));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: parentCollection }));
    await kit.publish(
      EventTypes.targeting.collectionCreated,
      collectionFixture({
        id: subcollection,
        parentCollectionId: parentCollection,
        maintenanceWindows: [{ id: 'w1', name: 'Nightly', start: '2026-03-01T01:00:00Z', durationMinutes: 180, recurrence: { type: 'daily' } }],
      }),
    );
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: otherCollection }));
    for (const id of clients) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 1, added: subMembers, removed: [] });
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: otherCollection, membershipVersion: 1, added: [otherMember], removed: [] });
    await eventually(async () => {
      const [{ members }] = await kit.query<{ members: number }>(`SELECT count(*)::int AS members FROM collection_member WHERE client_id = ANY($1::uuid[])`, [clients]);
      const [{ known }] = await kit.query<{ known: number }>(`SELECT count(*)::int AS known FROM known_client WHERE id = ANY($1::text[])`, [clients]);
      return members === 3 && known === clients.length ? true : undefined;
    }, 90_000, 'clients and memberships projected');
  }, 180_000);

  afterAll(async () => {
    await kit?.close();
  });

  it('makes the members’ policies ready when an advertisement is created, with no poll at all', async () => {
    const advertisement = await advertise('Everything below the parent', mainPackage, parentCollection, { includeSubcollections: true });
    const rows = await eventually(async () => {
      const found = await cached(subMembers);
      return found.length === subMembers.length && found.every((row) => offers(row.body, advertisement)) ? found : undefined;
    }, 30_000, 'members’ policies ready');
    expect(rows.map((row) => row.body.advertisements[0].dependencies.map((dependency) => dependency.package.id))).toEqual([[dependencyPackage], [dependencyPackage]]);
    const [outsider] = await cached([otherMember]);
    expect(outsider === undefined || !offers(outsider.body, advertisement)).toBe(true);
    // A poll with the ETag the worker stored is answered from the cache: 304.
    const [first] = rows.filter((row) => row.client_id === subMembers[0]);
    const answer = await kit.http('GET', `/clients/${first.client_id}/policy`, { token: kit.clientToken(first.client_id), headers: { 'if-none-match': first.etag } });
    expect(answer.status).toBe(304);
  });

  it('computes the same policy in a batch as on the request path', async () => {
    await advertise('Other collection', mainPackage, otherCollection, { mandatory: [{ type: 'asap' }] });
    await worker.stop();
    try {
      const batch = await computePolicies(dataSource, clients);
      await kit.query(`DELETE FROM client_policy WHERE client_id = ANY($1::uuid[])`, [clients]);
      for (const [index, clientId] of clients.entries()) {
        const answer = await kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, { token: kit.clientToken(clientId) });
        expect(answer.status).toBe(200);
        expect({ etag: answer.headers.get('etag'), body: answer.body }).toEqual({ etag: batch.policies[index].etag, body: batch.policies[index].body });
      }
      // The members of both collections are offered something: the comparison covers real policies.
      expect(batch.policies.filter((policy) => policy.body.advertisements.length > 0).map((policy) => policy.clientId)).toEqual([...subMembers, otherMember]);
    } finally {
      worker.start();
    }
  });

  it('does not lose an invalidation that lands while a batch computes: the client ends with the new policy', async () => {
    const advertisement = await advertise('For the latecomer', mainPackage, subcollection);
    await worker.stop();
    try {
      const stale = await computePolicies(dataSource, [latecomer]);
      expect(offers(stale.policies[0].body, advertisement)).toBe(false);
      // The latecomer joins the subcollection while the batch is "computing".
      await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 2, added: [latecomer], removed: [] });
      await eventually(async () => ((await kit.query(`SELECT 1 FROM policy_recompute_queue WHERE client_id = $1`, [latecomer])).length === 1 ? true : undefined), 30_000, 'latecomer queued');
      expect(await storePolicies(dataSource, stale)).toEqual([]);
      expect(await cached([latecomer])).toEqual([]);
      // The queued entry computes it again, from the new membership.
      expect(await worker.recomputeBatch()).toBeGreaterThanOrEqual(1);
      const [fresh] = await cached([latecomer]);
      expect(offers(fresh.body, advertisement)).toBe(true);
      // The stale batch, stored late, does not overwrite a policy computed from newer inputs.
      expect(await storePolicies(dataSource, stale)).toEqual([]);
      expect(await cached([latecomer])).toEqual([fresh]);
    } finally {
      worker.start();
    }
  });

  it('recomputes exactly the policies of a 10,000-client membership delta', async () => {
    // Known clients in bulk SQL, as the targeting projection would have them: half in the other collection
    // (offered its advertisement), half in none. Random IDs: bench runs publish events about the bench IDs.
    const seeded: string[] = Array.from({ length: SEEDED_CLIENTS }, () => randomUUID());
    await kit.query(`INSERT INTO known_client (id, blocked, data) SELECT id, false, $2::jsonb || jsonb_build_object('id', id) FROM unnest($1::text[]) AS c(id)`, [
      seeded,
      JSON.stringify(clientFixture({ id: seeded[0] })),
    ]);
    await kit.query(`INSERT INTO collection_member (collection_id, client_id) SELECT $2, unnest($1::uuid[])`, [
      seeded.filter((_, index) => index % 2 === 0),
      otherCollection,
    ]);
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: bigCollection }));
    const advertisement = await advertise('To the big collection', mainPackage, bigCollection);
    // Every seeded client's policy cached, as after a fleet's first polls. (Not "until the queue is
    // empty": events of other test runs on the shared topics keep queueing a few clients.)
    await kit.query(`INSERT INTO policy_recompute_queue (client_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING`, [seeded]);
    const seededRows = async (): Promise<Map<string, CachedRow>> => new Map((await cached(seeded)).map((row) => [row.client_id, row]));
    const before = await eventually(async () => {
      const rows = await seededRows();
      return rows.size === SEEDED_CLIENTS ? rows : undefined;
    }, 60_000, 'every seeded client’s policy cached');
    const joining = seeded.slice(0, DELTA_CLIENTS);

    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: bigCollection, membershipVersion: 1, added: joining, removed: [] });
    await eventually(async () => {
      const [{ ready }] = await kit.query<{ ready: number }>(
        `SELECT count(*)::int AS ready FROM client_policy WHERE client_id = ANY($1::uuid[]) AND body->'advertisements' @> $2::jsonb`,
        [joining, JSON.stringify([{ advertisementId: advertisement.id }])],
      );
      return ready === DELTA_CLIENTS ? true : undefined;
    }, 60_000, 'the joining clients’ policies recomputed');

    const after = await seededRows();
    const joined = new Set(joining);
    expect(joining.filter((clientId) => after.get(clientId)?.etag === before.get(clientId)?.etag)).toEqual([]);
    const others = [...before.values()].filter((row) => !joined.has(row.client_id));
    expect(others.length).toBe(SEEDED_CLIENTS - DELTA_CLIENTS);
    const othersTouched = others.filter((row) => after.get(row.client_id)?.etag !== row.etag || after.get(row.client_id)?.computed_at !== row.computed_at);
    expect(othersTouched).toEqual([]);
  }, 180_000);
});
