import { DistributionPointEventTypes, TOPICS } from '@sdp/contracts';
import { eventually, stackSettings, TestService } from '@sdp/testing';
import { Client } from 'pg';
import { api, dpStore, EventCollector, startReplication, TestPublisher, uniqueBucket, uniquePackageId } from '../test-support/replication-harness';
import { uniqueSuffix } from '@sdp/testing';

const [DP1_ENDPOINT, DP2_ENDPOINT] = stackSettings.distributionPointS3Endpoints;
const SECRET = stackSettings.s3SecretKey;

describe('distribution points and groups (real S3Proxy DPs, PostgreSQL, Kafka)', () => {
  let service: TestService;
  let events: EventCollector;
  const suffix = uniqueSuffix();
  const dpA = `dp-a-${suffix}`;
  const dpB = `dp-b-${suffix}`;
  const group = `group-${suffix}`;
  const bucketA = uniqueBucket('dpa');

  beforeAll(async () => {
    events = new EventCollector((subject) => subject.endsWith(suffix));
    await events.start([TOPICS.replicationDistributionPoints]);
    service = await startReplication();
  });

  afterAll(async () => {
    await service?.close();
    await events?.stop();
  });

  const register = (name: string, endpoint: string, bucket: string, extra: object = {}) =>
    api(service, 'POST', '/api/v1/distribution-points', {
      name,
      endpoint,
      bucket,
      accessKey: stackSettings.s3AccessKey,
      secretKey: SECRET,
      boundaries: ['10.1.0.0/16'],
      ...extra,
    });

  it('registers a DP, creating its bucket, and never shows its secret', async () => {
    const created = await register(dpA, DP1_ENDPOINT, bucketA);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: dpA, bucket: bucketA, publicEndpoint: DP1_ENDPOINT, maxConcurrentTransfers: 8, siteCode: 'S01' });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    await expect(dpStore(DP1_ENDPOINT, bucketA).ping()).resolves.toBeUndefined();

    const shown = await api(service, 'GET', `/api/v1/distribution-points/${dpA}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);

    const db = new Client({ connectionString: service.databaseUrl });
    await db.connect();
    const stored = await db.query('SELECT secret_key_encrypted FROM distribution_point WHERE name = $1', [dpA]);
    await db.end();
    expect(stored.rows[0].secret_key_encrypted).toMatch(/^v1:/);
    expect(stored.rows[0].secret_key_encrypted).not.toContain(SECRET);
  });

  it('refuses an unreachable endpoint, bad credentials, a taken name and malformed input', async () => {
    const closedPort = await register(`dp-down-${suffix}`, 'http://127.0.0.1:9', uniqueBucket('down'));
    expect(closedPort.status).toBe(422);
    expect(closedPort.body).toMatchObject({ message: expect.stringContaining('cannot use bucket') });
    expect(closedPort.body).toMatchObject({ code: 'DISTRIBUTION_POINT_BUCKET_UNUSABLE' });

    const badSecret = await register(`dp-bad-${suffix}`, DP2_ENDPOINT, uniqueBucket('bad'), { secretKey: 'wrong-secret' });
    expect(badSecret.status).toBe(422);
    expect(JSON.stringify(badSecret.body)).not.toContain('wrong-secret');

    const taken = await register(dpA, DP1_ENDPOINT, bucketA);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'DISTRIBUTION_POINT_ALREADY_EXISTS' });
    expect((await register('Bad Name', DP1_ENDPOINT, bucketA)).status).toBe(400);
    expect((await register(`dp-x-${suffix}`, DP1_ENDPOINT, bucketA, { boundaries: ['not-a-cidr'] })).status).toBe(400);
    expect((await register(`dp-x-${suffix}`, DP1_ENDPOINT, bucketA, { unknownField: 1 })).status).toBe(400);
    const unknown = await api<{ code: string }>(service, 'GET', '/api/v1/distribution-points/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DISTRIBUTION_POINT_NOT_FOUND');
  });

  it('updates, lists, and lets only an admin change credentials', async () => {
    expect((await register(dpB, DP2_ENDPOINT, uniqueBucket('dpb'))).status).toBe(201);
    const updated = await api(service, 'PATCH', `/api/v1/distribution-points/${dpA}`, { description: 'Berlin', protected: true, rateLimitBytesPerSec: 1_000_000 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ description: 'Berlin', protected: true, rateLimitBytesPerSec: 1_000_000 });

    const page = await api<{ items: { name: string }[]; nextCursor: string | null }>(service, 'GET', '/api/v1/distribution-points?limit=1');
    expect(page.body.items).toHaveLength(1);
    const next = await api<{ items: { name: string }[] }>(service, 'GET', `/api/v1/distribution-points?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].name).not.toBe(page.body.items[0].name);

    const rotated = await api(service, 'PATCH', `/api/v1/distribution-points/${dpA}`, { secretKey: SECRET });
    expect(rotated.status).toBe(200);
  });

  it('manages groups of existing DPs', async () => {
    const unknownMember = await api<{ code: string }>(service, 'POST', '/api/v1/distribution-point-groups', { name: group, members: ['nope'] });
    expect(unknownMember.status).toBe(422);
    expect(unknownMember.body.code).toBe('DISTRIBUTION_POINT_UNKNOWN');
    const created = await api(service, 'POST', '/api/v1/distribution-point-groups', { name: group, members: [dpA] });
    expect(created.status).toBe(201);
    const updated = await api(service, 'PATCH', `/api/v1/distribution-point-groups/${group}`, { members: [dpA, dpB] });
    expect(updated.body).toMatchObject({ members: [dpA, dpB] });
    expect((await api(service, 'DELETE', `/api/v1/distribution-points/${dpB}`)).status).toBe(204);
    expect((await api(service, 'GET', `/api/v1/distribution-point-groups/${group}`)).body).toMatchObject({ members: [dpA] });
  });

  it('refuses to delete a DP that is assigned packages, naming them and changing nothing, unless forced', async () => {
    const publisher = new TestPublisher();
    await publisher.connect();
    try {
      const name = `dp-c-${suffix}`;
      expect((await register(name, DP2_ENDPOINT, uniqueBucket('dpc'))).status).toBe(201);
      const packageIds = [uniquePackageId(), uniquePackageId()].sort();
      for (const packageId of packageIds) {
        await publisher.packageCreated(packageId);
        await eventually(async () => {
          const assigned = await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints: [name] });
          return assigned.status === 200 ? true : undefined;
        }, 30_000, `package ${packageId} known and assigned`);
      }
      const refused = await api<{ message: string; details: unknown }>(service, 'DELETE', `/api/v1/distribution-points/${name}`);
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        code: 'DISTRIBUTION_POINT_IN_USE',
        message: `distribution point ${name} is used by packages ${packageIds.join(', ')}; it holds or is assigned them; remove them first or delete with ?force=true`,
        details: [{ field: 'name', problems: [`used by packages ${packageIds.join(', ')}`] }],
      });
      expect((await api(service, 'GET', `/api/v1/distribution-points/${name}`)).status).toBe(200);
      expect((await api(service, 'DELETE', `/api/v1/distribution-points/${name}?force=true`)).status).toBe(204);
      expect((await api(service, 'GET', `/api/v1/distribution-points/${name}`)).status).toBe(404);
    } finally {
      await publisher.disconnect();
    }
  });

  it('assigns only to known DPs and groups, validates a DP, and takes a deleted group\'s assignments with it', async () => {
    const publisher = new TestPublisher();
    await publisher.connect();
    const packageId = uniquePackageId();
    const groupOfOne = `group-one-${suffix}`;
    try {
      await publisher.packageCreated(packageId);
      await eventually(async () => ((await api(service, 'GET', `/api/v1/packages/${packageId}/distribution-status`)).status === 200 ? true : undefined), 30_000, 'package known');
      const toUnknownDp = await api<{ code: string }>(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints: ['nope'] });
      expect([toUnknownDp.status, toUnknownDp.body.code]).toEqual([422, 'DISTRIBUTION_POINT_UNKNOWN']);
      const toUnknownGroup = await api<{ code: string }>(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { groups: ['nope'] });
      expect([toUnknownGroup.status, toUnknownGroup.body.code]).toEqual([422, 'DISTRIBUTION_POINT_GROUP_UNKNOWN']);

      const validated = await api<{ queued: number; code: string }>(service, 'POST', `/api/v1/distribution-points/${dpA}/validate`);
      expect(validated.status).toBe(202);
      expect(validated.body.queued).toBeGreaterThanOrEqual(0);
      const validateUnknown = await api<{ code: string }>(service, 'POST', '/api/v1/distribution-points/nope/validate');
      expect([validateUnknown.status, validateUnknown.body.code]).toEqual([404, 'DISTRIBUTION_POINT_NOT_FOUND']);

      expect((await api(service, 'POST', '/api/v1/distribution-point-groups', { name: groupOfOne, members: [dpA] })).status).toBe(201);
      expect((await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { groups: [groupOfOne] })).status).toBe(200);
      const db = new Client({ connectionString: service.databaseUrl });
      await db.connect();
      try {
        const assignmentsOfGroup = async () =>
          (await db.query(`SELECT package_id FROM package_assignment WHERE target_kind = 'group' AND target_name = $1`, [groupOfOne])).rows.map((row) => row.package_id);
        expect(await assignmentsOfGroup()).toEqual([packageId]);
        expect((await api(service, 'DELETE', `/api/v1/distribution-point-groups/${groupOfOne}`)).status).toBe(204);
        expect(await assignmentsOfGroup()).toEqual([]);
      } finally {
        await db.end();
      }
      const gone = await api<{ code: string }>(service, 'GET', `/api/v1/distribution-point-groups/${groupOfOne}`);
      expect([gone.status, gone.body.code]).toEqual([404, 'DISTRIBUTION_POINT_GROUP_NOT_FOUND']);
    } finally {
      await publisher.disconnect();
    }
  });

  it('publishes DP and group events without credentials', async () => {
    await events.waitFor((event) => event.type === DistributionPointEventTypes.distributionPointRegistered && event.subject === dpA, 'dp registered');
    await events.waitFor(
      (event) => event.type === DistributionPointEventTypes.distributionPointUpdated && event.subject === dpA && (event.data as { protected: boolean }).protected,
      'dp updated',
    );
    await events.waitFor((event) => event.type === DistributionPointEventTypes.distributionPointDeleted && event.subject === dpB, 'dp deleted');
    await events.waitFor(
      (event) => event.type === DistributionPointEventTypes.distributionPointGroupUpdated && event.subject === group && (event.data as { members: string[] }).members.length === 1,
      'group lost deleted member',
    );
    const updates = events.events.filter((event) => event.subject === dpA && event.type === DistributionPointEventTypes.distributionPointUpdated);
    expect(updates).toHaveLength(1);
    for (const event of events.events) {
      expect(JSON.stringify(event)).not.toContain(SECRET);
      expect(event.data).not.toHaveProperty('accessKey');
    }
  });
});
