import { AdvertisementData, EventTypes, PolicyBody } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';

const packageId = 'T0500001';
const neverEvaluated = 'T0500002';
const evaluated = 'T0500003';

/**
 * The membership projection made wrong on purpose, in the service's own rows, is replaced by the
 * next snapshot of targeting, the owner: members and version, even below or at the version held.
 */
describe('membership projection resynced by a snapshot (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let advertisement: AdvertisementData;
  const client = randomUUID();
  const member = randomUUID();

  const offered = async (clientId: string): Promise<boolean | undefined> => {
    const answer = await kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, { token: kit.clientToken(clientId) });
    return answer.status === 200 ? answer.body.advertisements.some((entry) => entry.advertisementId === advertisement.id) : undefined;
  };
  const until = (clientId: string, expected: boolean, what: string) =>
    eventually(async () => ((await offered(clientId)) === expected ? true : undefined), 20_000, what);
  const state = async (collectionId: string) =>
    (
      await kit.query<{ membership_version: number; needs_snapshot: boolean; members: string[] }>(
        `SELECT s.membership_version, s.needs_snapshot,
                ARRAY(SELECT m.client_id::text FROM collection_member m WHERE m.collection_id = s.collection_id ORDER BY 1) AS members
         FROM collection_membership_state s WHERE s.collection_id = $1`,
        [collectionId],
      )
    )[0];

  /** What a forged delta or a bad hand edit leaves: the client a member at a version targeting never issued. */
  async function corrupt(collectionId: string, clientId: string, version: number): Promise<void> {
    await kit.query(`INSERT INTO collection_member (collection_id, client_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [collectionId, clientId]);
    await kit.query(
      `INSERT INTO collection_membership_state (collection_id, membership_version, needs_snapshot) VALUES ($1, $2, false)
       ON CONFLICT (collection_id) DO UPDATE SET membership_version = $2`,
      [collectionId, version],
    );
    await kit.query(`UPDATE policy_epoch SET value = value + 1 WHERE id = 1`);
    await kit.query(`DELETE FROM client_policy WHERE client_id = $1`, [clientId]);
  }

  async function advertise(collectionId: string): Promise<AdvertisementData> {
    return (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', {
          body: { name: `Resync ${collectionId}`, packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] },
        });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start();
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, sourceVersion: 1 }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: neverEvaluated }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: evaluated }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: client }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: member }));
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('empties a collection targeting never evaluated, back to version 0, and the next real delta applies', async () => {
    advertisement = await advertise(neverEvaluated);
    await until(client, false, 'the client known, not offered the advertisement');
    await corrupt(neverEvaluated, client, 3);
    expect(await offered(client)).toBe(true);

    await kit.publish(EventTypes.targeting.membershipSnapshot, { collectionId: neverEvaluated, membershipVersion: 0, memberCount: 0, part: 1, parts: 1, members: [] });
    await until(client, false, 'the advertisement withdrawn by the empty snapshot');
    expect(await state(neverEvaluated)).toEqual({ membership_version: 0, needs_snapshot: false, members: [] });

    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: neverEvaluated, membershipVersion: 1, added: [member], removed: [] });
    await until(member, true, 'version 1 applied after the snapshot at version 0');
    expect(await state(neverEvaluated)).toEqual({ membership_version: 1, needs_snapshot: false, members: [member] });
  });

  it('drops a member added by hand at the version held, and what waited for a snapshot that never comes', async () => {
    advertisement = await advertise(evaluated);
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: evaluated, membershipVersion: 1, added: [member], removed: [] });
    await until(member, true, 'the real member offered the advertisement');
    await corrupt(evaluated, client, 1);
    // A delta from far ahead, which targeting never issued: kept, waiting for a snapshot.
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: evaluated, membershipVersion: 9, added: [client], removed: [] });
    await eventually(async () => ((await state(evaluated))?.needs_snapshot ? true : undefined), 20_000, 'the forged delta kept');
    expect(await offered(client)).toBe(true);

    await kit.publish(EventTypes.targeting.membershipSnapshot, { collectionId: evaluated, membershipVersion: 1, memberCount: 1, part: 1, parts: 1, members: [member] });
    await until(client, false, 'the hand-added member removed by the snapshot at the same version');
    expect(await offered(member)).toBe(true);
    expect(await state(evaluated)).toEqual({ membership_version: 1, needs_snapshot: false, members: [member] });
    expect(await kit.query(`SELECT 1 FROM membership_pending_delta WHERE collection_id = $1`, [evaluated])).toEqual([]);
  });
});
