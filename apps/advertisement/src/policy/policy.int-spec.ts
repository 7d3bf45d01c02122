import { ContentGrantVerifier, DEV_CONTENT_GRANT_KEYPAIR, parseClientTokenPublicKey } from '@sdp/auth';
import { AdvertisementData, ContentGrant, EventTypes, PackageStatusChangedData, TOPICS } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { PolicyBody } from '@sdp/contracts';
import { Explanation } from './policy.service';

const packageId = 'T0200001';
const dependencyPackageId = 'T0200002';
const parentCollection = 'T0200003';
const subcollection = 'T0200004';

function installed(pkg: string, version: number, distributionPoint = 'near-dp'): PackageStatusChangedData {
  return {
    packageId: pkg,
    distributionPoint,
    state: 'INSTALLED',
    stateCode: 0,
    desiredVersion: version,
    installedVersion: version,
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

describe('client policy kept from events (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let advertisement: AdvertisementData;
  const windowsClient = randomUUID();
  const linuxClient = randomUUID();
  const otherClient = randomUUID();
  const lateClient = randomUUID();

  async function policyOf(clientId: string, etag?: string) {
    return kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, {
      token: kit.clientToken(clientId),
      headers: etag ? { 'if-none-match': etag } : {},
    });
  }

  async function policyWhere(clientId: string, accept: (body: PolicyBody) => boolean, what: string) {
    return eventually(async () => {
      const answer = await policyOf(clientId);
      return answer.status === 200 && accept(answer.body) ? answer : undefined;
    }, 20_000, what);
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start();
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: dependencyPackageId, sourceVersion: 1 }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId: dependencyPackageId, name: 'Runtime' }));
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, sourceVersion: 1 }));
    await kit.publish(
      EventTypes.catalog.programCreated,
      programFixture({
        packageId,
        name: 'Install',
        platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0' }],
        dependsOn: { packageId: dependencyPackageId, program: 'Runtime', alwaysRunFirst: false },
      }),
    );
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: parentCollection }));
    await kit.publish(
      EventTypes.targeting.collectionCreated,
      collectionFixture({
        id: subcollection,
        parentCollectionId: parentCollection,
        maintenanceWindows: [
          { id: 'w1', name: 'Nightly', start: '2026-03-01T01:00:00Z', durationMinutes: 180, recurrence: { type: 'daily' } },
        ],
      }),
    );
    for (const id of [windowsClient, otherClient, lateClient]) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(
      EventTypes.targeting.clientRegistered,
      clientFixture({ id: linuxClient, os: { name: 'linux', version: '6.8', arch: 'x64' } }),
    );
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(packageId, 1));
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(dependencyPackageId, 1));
    await kit.publish(EventTypes.targeting.membershipChanged, {
      collectionId: subcollection,
      membershipVersion: 1,
      added: [windowsClient, linuxClient],
      removed: [],
    });
    await kit.publish(EventTypes.targeting.membershipSnapshot, {
      collectionId: parentCollection,
      membershipVersion: 1,
      memberCount: 1,
      part: 1,
      parts: 1,
      members: [otherClient],
    });
    advertisement = (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', {
          body: { name: 'Install everywhere', packageId, program: 'Install', collectionId: parentCollection, mandatory: [{ type: 'asap' }] },
        });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('offers the advertisement through a subcollection, with its chain, schedule, windows and ready content', async () => {
    const answer = await policyWhere(windowsClient, (body) => body.advertisements.length === 1 && body.advertisements[0].contentReady, 'ready policy');
    const [entry] = answer.body.advertisements;
    expect(entry).toMatchObject({
      advertisementId: advertisement.id,
      contentVersion: 1,
      contentReady: true,
      network: 'fast',
      mandatory: [{ type: 'asap' }],
      rerun: 'if-failed',
      package: { id: packageId, sourceVersion: 1 },
      program: { name: 'Install', packageId },
    });
    expect(entry.dependencies).toMatchObject([
      { package: { id: dependencyPackageId }, program: { name: 'Runtime' }, alwaysRunFirst: false, contentVersion: 1, contentReady: true },
    ]);
    expect(answer.body.maintenanceWindows).toMatchObject([{ collectionId: subcollection, id: 'w1', durationMinutes: 180 }]);
    expect(answer.headers.get('etag')).toMatch(/^".+"$/);

    // A content grant for the package and for its dependency's package, each for this client only;
    // none for a version its policy does not run, nor for another client.
    const verifier = new ContentGrantVerifier(parseClientTokenPublicKey(DEV_CONTENT_GRANT_KEYPAIR.publicKey));
    for (const granted of [packageId, dependencyPackageId]) {
      const answer = await kit.http<ContentGrant>('GET', `/clients/${windowsClient}/content-grant?packageId=${granted}&version=1`, { token: kit.clientToken(windowsClient) });
      expect(answer.status).toBe(200);
      expect(verifier.check(answer.body.grant, { clientId: windowsClient, packageId: granted, version: 1 })).toEqual({ ok: true });
      expect(verifier.check(answer.body.grant, { clientId: otherClient, packageId: granted, version: 1 })).toMatchObject({ ok: false });
      expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(10 * 60_000);
    }
    const notRun = await kit.http<{ code: string; message: string }>('GET', `/clients/${windowsClient}/content-grant?packageId=${packageId}&version=2`, { token: kit.clientToken(windowsClient) });
    expect([notRun.status, notRun.body.message]).toEqual([403, `version 2 of package ${packageId} is in no advertisement of this client's policy`]);
    expect(notRun.body.code).toBe('CONTENT_NOT_IN_POLICY');
    const forAnother = await kit.http('GET', `/clients/${otherClient}/content-grant?packageId=${packageId}&version=1`, { token: kit.clientToken(windowsClient) });
    expect(forAnother.status).toBe(403);
    const badQuery = await kit.http('GET', `/clients/${windowsClient}/content-grant?packageId=bad&version=0`, { token: kit.clientToken(windowsClient) });
    expect(badQuery.status).toBe(400);
  });

  it('answers 304 to the current ETag', async () => {
    const first = await policyWhere(windowsClient, (body) => body.advertisements.length === 1, 'policy');
    const again = await policyOf(windowsClient, first.headers.get('etag')!);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('leaves out a client whose platform does not match, and explains why', async () => {
    const answer = await policyOf(linuxClient);
    expect(answer.status).toBe(200);
    expect(answer.body.advertisements).toEqual([]);
    const explanation = await kit.http<Explanation>('GET', `/clients/${linuxClient}/explain?advertisementId=${advertisement.id}`);
    expect(explanation.body).toMatchObject({ applies: false, excludedBy: 'platform' });
    const direct = await kit.http<Explanation>('GET', `/clients/${otherClient}/explain?advertisementId=${advertisement.id}`);
    expect(direct.body).toMatchObject({ applies: true, excludedBy: null, contentReady: true });
  });

  it("refuses another client's token with 403", async () => {
    const answer = await kit.http('GET', `/clients/${windowsClient}/policy`, { token: kit.clientToken(otherClient) });
    expect(answer.status).toBe(403);
    expect((await kit.http('GET', `/clients/${windowsClient}/policy`)).status).toBe(403);
  });

  it('follows membership deltas: removed → gone, added back → offered again', async () => {
    const before = await policyWhere(windowsClient, (body) => body.advertisements.length === 1, 'policy with the advertisement');
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 2, added: [], removed: [windowsClient] });
    const after = await policyWhere(windowsClient, (body) => body.advertisements.length === 0, 'policy without the advertisement');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await policyOf(windowsClient, before.headers.get('etag')!)).status).toBe(200);
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 3, added: [windowsClient], removed: [] });
    await policyWhere(windowsClient, (body) => body.advertisements.length === 1, 'advertisement offered again');
  });

  it('moves to a new source version with content not ready until a usable DP holds it', async () => {
    await policyWhere(windowsClient, (body) => body.advertisements[0]?.contentVersion === 1, 'version 1');
    await kit.publish(EventTypes.catalog.sourceVersionPublished, {
      packageId,
      version: 2,
      manifestDigest: 'a'.repeat(64),
      fileCount: 1,
      sizeBytes: 10,
      manifestLocation: `manifests/${packageId}/2.json`,
      publishedAt: new Date().toISOString(),
    });
    const pending = await policyWhere(windowsClient, (body) => body.advertisements[0]?.contentVersion === 2, 'version 2');
    expect(pending.body.advertisements[0].contentReady).toBe(false);
    const explanation = await kit.http<Explanation>('GET', `/clients/${windowsClient}/explain?advertisementId=${advertisement.id}`);
    expect(explanation.body).toMatchObject({ applies: true, contentReady: false });

    await kit.publish(EventTypes.replication.packageStatusChanged, installed(packageId, 2, 'far-dp-protected'));
    await kit.publish(EventTypes.replication.packageStatusChanged, {
      ...installed(packageId, 2, 'far-dp-protected'),
      boundaries: ['192.168.0.0/16'],
      protected: true,
    });
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(packageId, 2));
    const ready = await policyWhere(windowsClient, (body) => body.advertisements[0]?.contentReady === true, 'version 2 ready');
    expect(ready.body.advertisements[0]).toMatchObject({ contentVersion: 2, network: 'fast' });
  });

  it('waits for a snapshot after a membership gap, asking targeting for it once, then replays what follows it', async () => {
    const requests = await kit.readOwnTopic(TOPICS.advertisementMembershipRequests);
    expect((await policyOf(lateClient)).body.advertisements).toEqual([]);
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 5, added: [lateClient], removed: [] });
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: subcollection, membershipVersion: 7, added: [], removed: [linuxClient] });
    const state = await eventually(async () => {
      const [row]: { membership_version: number; needs_snapshot: boolean; pending: number }[] = await kit.query(
        `SELECT membership_version, needs_snapshot,
                (SELECT count(*)::int FROM membership_pending_delta WHERE collection_id = $1) AS pending
         FROM collection_membership_state WHERE collection_id = $1`,
        [subcollection],
      );
      return row?.pending === 2 ? row : undefined;
    }, 20_000, 'both deltas after the gap kept');
    expect(state).toEqual({ membership_version: 3, needs_snapshot: true, pending: 2 });
    expect((await policyOf(lateClient)).body.advertisements).toEqual([]);
    const request = await eventually(async () => requests.events.find((event) => event.subject === subcollection), 20_000, 'snapshot request');
    expect(request).toMatchObject({ type: EventTypes.advertisement.membershipSnapshotRequested, data: { collectionId: subcollection, heldVersion: 3, seenVersion: 5 } });

    await kit.publish(EventTypes.targeting.membershipSnapshot, {
      collectionId: subcollection,
      membershipVersion: 6,
      memberCount: 3,
      part: 1,
      parts: 2,
      members: [windowsClient, linuxClient],
    });
    await kit.publish(EventTypes.targeting.membershipSnapshot, {
      collectionId: subcollection,
      membershipVersion: 6,
      memberCount: 3,
      part: 2,
      parts: 2,
      members: [lateClient],
    });
    await policyWhere(lateClient, (body) => body.advertisements.length === 1, 'snapshot applied');
    const explanation = await eventually(async () => {
      const answer = await kit.http<Explanation>('GET', `/clients/${linuxClient}/explain?advertisementId=${advertisement.id}`);
      return answer.body.excludedBy === 'member' ? answer : undefined;
    }, 20_000, 'kept delta 7 replayed after the snapshot');
    expect(explanation.body.applies).toBe(false);
    // One gap, one request: the second delta after it and the snapshot that closed it asked nothing more.
    expect(requests.events.filter((event) => event.subject === subcollection)).toHaveLength(1);
    await requests.stop();
  });
});
