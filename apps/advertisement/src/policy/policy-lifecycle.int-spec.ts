import { AdvertisementData, EventTypes, PackageStatusChangedData } from '@sdp/contracts';
import { eventually, uniqueSuffix } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, distributionPointFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { PolicyAdvertisement, PolicyBody } from '@sdp/contracts';
import { Explanation } from './policy.service';

const dpPackage = 'T0400001';
const programPackage = 'T0400002';
const collectionPackage = 'T0400003';
const mainCollection = 'T0400004';
const doomedCollection = 'T0400005';
const dpName = `dp-${uniqueSuffix()}`.toLowerCase().slice(0, 40);

function installedOn(packageId: string): PackageStatusChangedData {
  return {
    packageId,
    distributionPoint: dpName,
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

describe('policy as other services change what it rests on (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  const ads: Record<'dp' | 'program' | 'collection', AdvertisementData> = {} as Record<'dp' | 'program' | 'collection', AdvertisementData>;
  const member = randomUUID();
  const leaving = randomUUID();
  const blocked = randomUUID();

  function policyOf(clientId: string) {
    return kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, { token: kit.clientToken(clientId) });
  }

  function entry(body: PolicyBody, advertisement: AdvertisementData): PolicyAdvertisement | undefined {
    return body.advertisements.find((offered) => offered.advertisementId === advertisement.id);
  }

  function policyWhere(clientId: string, accept: (body: PolicyBody) => boolean, what: string) {
    return eventually(async () => {
      const answer = await policyOf(clientId);
      return answer.status === 200 && accept(answer.body) ? answer.body : undefined;
    }, 20_000, what);
  }

  async function advertise(name: string, packageId: string, collectionId: string): Promise<AdvertisementData> {
    return (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', { body: { name, packageId, program: 'Install', collectionId } });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, `advertisement ${name} accepted`)
    ).body;
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({ SDP_ADMIN_TOKENS: 'dev-admin-token:admin,viewer-token:viewer' });
    await kit.publish(EventTypes.replication.distributionPointRegistered, distributionPointFixture({ name: dpName }));
    for (const packageId of [dpPackage, programPackage, collectionPackage]) {
      await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, sourceVersion: 1 }));
      await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
      await kit.publish(EventTypes.replication.packageStatusChanged, installedOn(packageId));
    }
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: mainCollection }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: doomedCollection }));
    for (const id of [member, leaving, blocked]) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: mainCollection, membershipVersion: 1, added: [member, leaving, blocked], removed: [] });
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: doomedCollection, membershipVersion: 1, added: [member], removed: [] });
    ads.dp = await advertise('DP bound', dpPackage, mainCollection);
    ads.program = await advertise('Program bound', programPackage, mainCollection);
    ads.collection = await advertise('Collection bound', collectionPackage, doomedCollection);
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('lets a viewer read advertisements but not create one', async () => {
    expect((await kit.http('GET', `/advertisements/${ads.dp.id}`, { token: 'viewer-token' })).status).toBe(200);
    const refused = await kit.http('POST', '/advertisements', {
      token: 'viewer-token',
      body: { name: 'Not allowed', packageId: dpPackage, program: 'Install', collectionId: mainCollection },
    });
    expect(refused.status).toBe(403);
    expect((await kit.http('GET', '/advertisements?limit=100')).body).toMatchObject({ items: expect.not.arrayContaining([expect.objectContaining({ name: 'Not allowed' })]) });
  });

  it('takes content readiness away when the only DP holding the content is disabled', async () => {
    await policyWhere(member, (body) => entry(body, ads.dp)?.contentReady === true, 'content ready on the DP');
    await kit.publish(EventTypes.replication.distributionPointUpdated, distributionPointFixture({ name: dpName, enabled: false }));
    const body = await policyWhere(member, (candidate) => entry(candidate, ads.dp)?.contentReady === false, 'content not ready');
    expect(entry(body, ads.dp)).toBeDefined();
    const explanation = await kit.http<Explanation>('GET', `/clients/${member}/explain?advertisementId=${ads.dp.id}`);
    expect(explanation.body).toMatchObject({ applies: true, contentReady: false, locations: [] });

    await kit.publish(EventTypes.replication.distributionPointUpdated, distributionPointFixture({ name: dpName }));
    await policyWhere(member, (candidate) => entry(candidate, ads.dp)?.contentReady === true, 'content ready again');
  });

  it('re-evaluates policies when a protected DP appears around a client, and again when it goes', async () => {
    await policyWhere(member, (body) => entry(body, ads.dp)?.contentReady === true, 'content ready on the DP');
    const before = await policyOf(member);
    // An unprotected DP without content is no reason to recompute anyone's policy; the protected one is.
    await kit.publish(EventTypes.replication.distributionPointRegistered, distributionPointFixture({ name: `${dpName}-plain`.slice(0, 63), boundaries: ['10.1.0.0/16'] }));
    const protectedDp = `${dpName}-guard`.slice(0, 63);
    await kit.publish(EventTypes.replication.distributionPointRegistered, distributionPointFixture({ name: protectedDp, boundaries: ['10.1.2.0/24'], protected: true }));
    // Inside the protected DP's boundary, and it holds nothing: no usable DP without fallback.
    const body = await policyWhere(member, (candidate) => entry(candidate, ads.dp)?.contentReady === false, 'content not ready behind the protected DP');
    expect(body).not.toEqual(before.body);

    await kit.publish(EventTypes.replication.distributionPointDeleted, { name: protectedDp });
    await kit.publish(EventTypes.replication.distributionPointDeleted, { name: `${dpName}-plain`.slice(0, 63) });
    await policyWhere(member, (candidate) => entry(candidate, ads.dp)?.contentReady === true, 'content ready once the protected DP is gone');
  });

  it('drops an advertisement whose program is disabled after it was created', async () => {
    await policyWhere(member, (body) => entry(body, ads.program) !== undefined, 'program offered');
    await kit.publish(EventTypes.catalog.programUpdated, programFixture({ packageId: programPackage, name: 'Install', disabled: true }));
    const body = await policyWhere(member, (candidate) => entry(candidate, ads.program) === undefined, 'disabled program gone');
    expect(entry(body, ads.dp)).toBeDefined();
    const explanation = await kit.http<Explanation>('GET', `/clients/${member}/explain?advertisementId=${ads.program.id}`);
    expect(explanation.body).toMatchObject({ applies: false });
  });

  it('drops the advertisements of a deleted collection', async () => {
    await policyWhere(member, (body) => entry(body, ads.collection) !== undefined, 'collection advertisement offered');
    await kit.publish(EventTypes.targeting.collectionDeleted, { id: doomedCollection });
    const body = await policyWhere(member, (candidate) => entry(candidate, ads.collection) === undefined, 'collection advertisement gone');
    expect(entry(body, ads.dp)).toBeDefined();
    const members = await kit.query(`SELECT 1 FROM collection_member WHERE collection_id = $1`, [doomedCollection]);
    expect(members).toEqual([]);
  });

  it('offers nothing to a deleted client', async () => {
    await policyWhere(leaving, (body) => entry(body, ads.dp) !== undefined, 'policy of the client before deletion');
    await kit.publish(EventTypes.targeting.clientDeleted, { id: leaving });
    await policyWhere(leaving, (body) => body.advertisements.length === 0, 'empty policy after deletion');
    expect(await kit.query(`SELECT id FROM known_client WHERE id = $1`, [leaving])).toEqual([]);
  });

  it('answers 403 to a client once it is blocked', async () => {
    expect((await policyOf(blocked)).status).toBe(200);
    await kit.publish(EventTypes.targeting.clientUpdated, clientFixture({ id: blocked, blocked: true }));
    const refused = await eventually(async () => {
      const answer = await policyOf(blocked);
      return answer.status === 403 ? answer : undefined;
    }, 20_000, 'blocked client refused');
    expect(refused.body).toMatchObject({ statusCode: 403 });
    const status = await kit.http('POST', `/clients/${blocked}/status`, {
      token: kit.clientToken(blocked),
      body: { advertisementId: ads.dp.id, state: 'ACCEPTED', at: new Date().toISOString(), seq: 1 },
    });
    expect(status.status).toBe(403);
  });
});
