import { randomBytes } from 'node:crypto';
import { ClientTokenIssuer, ContentGrantIssuer, DEV_CLIENT_TOKEN_KEYPAIR, DEV_CONTENT_GRANT_KEYPAIR, parseClientTokenPrivateKey } from '@sdp/auth';

/** What the advertisement service signs when a client asks (GET /clients/:id/content-grant): its grant to one package version. */
const grants = new ContentGrantIssuer(parseClientTokenPrivateKey(DEV_CONTENT_GRANT_KEYPAIR.privateKey));
const grantFor = (clientId: string, packageId: string, version: number) => encodeURIComponent(grants.issue(clientId, packageId, version).grant);
import { CatalogEventTypes, PackageStatusChangedData, PackageStatusEventTypes, PackageStatusRemovedData, TOPICS } from '@sdp/contracts';
import { casKey, ContentStore, createMinioClient } from '@sdp/storage';
import { eventually, stackSettings, TestService, uniqueSuffix } from '@sdp/testing';
import {
  api,
  dpStore,
  EventCollector,
  Outage,
  putSourceVersion,
  registerDistributionPoint,
  sha256,
  sourceStoreOf,
  startReplication,
  TestFile,
  TestPublisher,
  uniqueBucket,
  uniquePackageId,
} from '../test-support/replication-harness';

const [DP1_ENDPOINT, DP2_ENDPOINT] = stackSettings.distributionPointS3Endpoints;

interface StatusRow {
  distributionPoint: string;
  state: string;
  installedVersion: number | null;
  attempts: number;
  lastError: string | null;
  bytesCopied: number;
  objectsCopied: number;
  filesDone: number;
  filesTotal: number;
}

const file = (path: string, size: number): TestFile => ({ path, content: randomBytes(size) });

describe('replication to two S3Proxy DPs (real Kafka, PostgreSQL, S3)', () => {
  let service: TestService;
  let source: ContentStore;
  const publisher = new TestPublisher();
  const packages = new Set<string>();
  const statusEvents = new EventCollector((subject) => packages.has(subject));
  const suffix = uniqueSuffix();
  const dpA = { name: `dp-a-${suffix}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('repa'), boundaries: ['10.1.0.0/16'] };
  const dpB = { name: `dp-b-${suffix}`, endpoint: DP2_ENDPOINT, bucket: uniqueBucket('repb'), boundaries: ['10.2.0.0/16'] };
  const group = `group-${suffix}`;

  const newPackage = (): string => {
    const id = uniquePackageId();
    packages.add(id);
    return id;
  };
  const status = async (packageId: string): Promise<StatusRow[]> =>
    (await api<{ items: StatusRow[] }>(service, 'GET', `/api/v1/packages/${packageId}/distribution-status`)).body.items ?? [];
  const waitForRows = (packageId: string, what: string, accept: (rows: StatusRow[]) => boolean, timeoutMs = 60_000) =>
    eventually(async () => {
      const rows = await status(packageId);
      return accept(rows) ? rows : undefined;
    }, timeoutMs, what);
  const register = (dp: { name: string; endpoint: string; bucket: string; boundaries: string[] }) => registerDistributionPoint(service, dp);
  const assign = (packageId: string, body: object) =>
    eventually(async () => {
      const response = await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, body);
      return response.status === 200 ? response : undefined;
    }, 30_000, `package ${packageId} known and assigned`);

  beforeAll(async () => {
    await publisher.connect();
    await statusEvents.start([TOPICS.replicationPackageStatus]);
    service = await startReplication();
    source = sourceStoreOf(service);
    expect((await register(dpA)).status).toBe(201);
    expect((await register(dpB)).status).toBe(201);
    expect((await api(service, 'POST', '/api/v1/distribution-point-groups', { name: group, members: [] })).status).toBe(201);
  });

  afterAll(async () => {
    await service?.close();
    await statusEvents.stop();
    await publisher.disconnect();
  });

  it('moves version 1 to a DP and a group member added later, then only the changed object of version 2', async () => {
    const packageId = newPackage();
    const files = [file('setup.bin', 3 * 1024 * 1024), file('a.txt', 1000), file('b.txt', 2000), file('same.txt', 1000)];
    files[3].content = files[1].content;
    await publisher.packageCreated(packageId);
    await assign(packageId, { distributionPoints: [dpA.name], groups: [group] });
    const v1 = await putSourceVersion(source, packageId, 1, files);
    await publisher.versionPublished(packageId, 1, v1);

    let rows = await waitForRows(packageId, 'v1 on dp A', (r) => r.length === 1 && r[0].state === 'INSTALLED');
    expect(rows[0]).toMatchObject({ distributionPoint: dpA.name, installedVersion: 1, objectsCopied: 3, filesDone: 4, filesTotal: 4 });

    // A member joining the group later receives what the group was given.
    expect((await api(service, 'PATCH', `/api/v1/distribution-point-groups/${group}`, { members: [dpB.name] })).status).toBe(200);
    rows = await waitForRows(packageId, 'v1 on both', (r) => r.length === 2 && r.every((row) => row.state === 'INSTALLED'));
    for (const dp of [dpA, dpB]) {
      const store = dpStore(dp.endpoint, dp.bucket);
      expect(await store.getJson(`packages/${packageId}/1/manifest.json`)).toEqual(v1);
      for (const f of files) expect(await store.exists(sha256(f.content))).toBe(true);
    }

    const changed = file('b.txt', 2500);
    const v2Files = [files[0], files[1], changed, files[3]];
    const v2 = await putSourceVersion(source, packageId, 2, v2Files);
    await publisher.versionPublished(packageId, 2, v2);
    rows = await waitForRows(packageId, 'v2 on both', (r) => r.length === 2 && r.every((row) => row.state === 'INSTALLED' && row.installedVersion === 2));
    for (const row of rows) expect(row).toMatchObject({ objectsCopied: 1, bytesCopied: 2500 });
    for (const dp of [dpA, dpB]) {
      const store = dpStore(dp.endpoint, dp.bucket);
      expect(await store.exists(sha256(changed.content))).toBe(true);
      // The replaced object left with version 1; nothing of version 2 refers to it.
      // Objects go before their manifest (release-versions.ts), so wait for the manifest too.
      await eventually(async () => ((await store.exists(sha256(files[2].content))) ? undefined : true), 20_000, 'old object released');
      const manifestGone = () => store.getJson(`packages/${packageId}/1/manifest.json`).then(() => undefined, () => true);
      await eventually(manifestGone, 20_000, 'old manifest released');
    }

    const installed = await statusEvents.waitFor(
      (event) =>
        event.type === PackageStatusEventTypes.packageStatusChanged &&
        (event.data as PackageStatusChangedData).distributionPoint === dpB.name &&
        (event.data as PackageStatusChangedData).installedVersion === 2 &&
        (event.data as PackageStatusChangedData).state === 'INSTALLED',
      'INSTALLED v2 event',
    );
    expect(installed.subject).toBe(packageId);
    expect(installed.data).toMatchObject({ stateCode: 0, boundaries: dpB.boundaries, siteCode: 'S01' });
  });

  it('takes the installed version as a list of what the DP holds; an object deleted behind its back is found by validation and copied again', async () => {
    const packageId = newPackage();
    const files = [file('kept.bin', 3000), file('deleted.bin', 2000), file('changed.bin', 1000)];
    await publisher.packageCreated(packageId);
    await assign(packageId, { distributionPoints: [dpA.name] });
    await publisher.versionPublished(packageId, 1, await putSourceVersion(source, packageId, 1, files));
    await waitForRows(packageId, 'v1 on dp A', (r) => r[0]?.state === 'INSTALLED' && r[0].installedVersion === 1);

    const store = dpStore(dpA.endpoint, dpA.bucket);
    const deleted = sha256(files[1].content);
    await store.delete(casKey(deleted));
    const changed = file('changed.bin', 1500);
    await publisher.versionPublished(packageId, 2, await putSourceVersion(source, packageId, 2, [files[0], files[1], changed]));
    // The install of version 2 does not ask the DP about what version 1's manifest there names.
    const [upgraded] = await waitForRows(packageId, 'v2 on dp A', (r) => r[0]?.state === 'INSTALLED' && r[0].installedVersion === 2);
    expect(upgraded).toMatchObject({ objectsCopied: 1, bytesCopied: 1500 });
    expect(await store.exists(deleted)).toBe(false);

    expect((await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points/${dpA.name}/validate`)).status).toBe(202);
    const failed = await statusEvents.waitFor(
      (event) => event.subject === packageId && (event.data as PackageStatusChangedData).state === 'VALIDATION_FAILED',
      'VALIDATION_FAILED event',
    );
    expect((failed.data as PackageStatusChangedData).lastError).toContain(`missing ${deleted}`);
    const [repaired] = await waitForRows(packageId, 'repaired', (r) => r[0]?.state === 'INSTALLED' && r[0].installedVersion === 2 && r[0].objectsCopied === 1);
    expect(repaired.bytesCopied).toBe(2000);
    expect(await store.exists(deleted)).toBe(true);
  });

  it('lists the packages on one DP a page at a time, in package order', async () => {
    const dpC = { name: `dp-c-${suffix}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('repc'), boundaries: [] };
    expect((await register(dpC)).status).toBe(201);
    const ids = [newPackage(), newPackage(), newPackage()];
    for (const id of ids) {
      await publisher.packageCreated(id);
      await assign(id, { distributionPoints: [dpC.name] });
      await publisher.versionPublished(id, 1, await putSourceVersion(source, id, 1, [file('x.txt', 100)]));
    }
    type DpPage = { distributionPoint: string; items: (StatusRow & { packageId: string })[]; nextCursor: string | null };
    const path = `/api/v1/distribution-points/${dpC.name}/packages`;
    const rows = await eventually(
      async () => {
        const first = await api<DpPage>(service, 'GET', `${path}?limit=2`);
        expect(first.body).toMatchObject({ distributionPoint: dpC.name, nextCursor: expect.any(String) });
        expect(first.body.items).toHaveLength(2);
        const second = await api<DpPage>(service, 'GET', `${path}?limit=2&cursor=${first.body.nextCursor}`);
        expect(second.body.nextCursor).toBeNull();
        const all = [...first.body.items, ...second.body.items];
        return all.every((row) => row.state === 'INSTALLED') ? all : undefined;
      },
      60_000,
      'three packages installed on dp C, read in two pages',
    );
    expect(rows.map((row) => row.packageId)).toEqual([...ids].sort());
    expect(rows[0]).toMatchObject({ distributionPoint: dpC.name, installedVersion: 1 });
    const unknownDp = await api<{ code: string }>(service, 'GET', `/api/v1/distribution-points/unknown-${suffix}/packages`);
    expect(unknownDp.status).toBe(404);
    expect(unknownDp.body.code).toBe('DISTRIBUTION_POINT_NOT_FOUND');
    expect((await api(service, 'GET', `${path}?cursor=not-a-cursor`)).status).toBe(400);
    expect((await api(service, 'GET', `${path}?limit=0`)).status).toBe(400);
  });

  it('retries while a DP is down and installs by itself once it is back', async () => {
    const outage = new Outage(Number(new URL(DP1_ENDPOINT).port));
    await outage.up();
    const flaky = { name: `dp-flaky-${suffix}`, endpoint: `http://127.0.0.1:${outage.port}`, bucket: uniqueBucket('flaky'), boundaries: [] };
    expect((await register(flaky)).status).toBe(201);
    await outage.down();

    const packageId = newPackage();
    await publisher.packageCreated(packageId);
    await assign(packageId, { distributionPoints: [flaky.name, dpB.name] });
    const v1 = await putSourceVersion(source, packageId, 1, [file('x.bin', 5000)]);
    await publisher.versionPublished(packageId, 1, v1);

    const retrying = await waitForRows(packageId, 'retrying on the stopped DP', (r) =>
      r.some((row) => row.distributionPoint === flaky.name && row.state === 'INSTALL_RETRYING' && row.attempts >= 2),
    );
    expect(retrying.find((row) => row.distributionPoint === flaky.name)?.lastError).toBeTruthy();
    // The healthy DP is not held up by the broken one.
    await waitForRows(packageId, 'installed on the healthy DP', (r) => r.some((row) => row.distributionPoint === dpB.name && row.state === 'INSTALLED'));

    await outage.up();
    try {
      await waitForRows(packageId, 'installed after the DP came back', (r) => r.every((row) => row.state === 'INSTALLED'));
    } finally {
      await outage.down();
    }
    await statusEvents.waitFor(
      (event) => event.subject === packageId && (event.data as PackageStatusChangedData).state === 'INSTALL_RETRYING',
      'INSTALL_RETRYING event',
    );
  });

  it('finds a flipped byte by validation and repairs it; removal keeps objects another package shares', async () => {
    const shared = file('shared.bin', 4000);
    const own = file('own.bin', 3000);
    const first = newPackage();
    const second = newPackage();
    for (const [id, files] of [
      [first, [shared, file('first.bin', 100)]],
      [second, [shared, own]],
    ] as const) {
      await publisher.packageCreated(id);
      await assign(id, { distributionPoints: [dpA.name] });
      const manifest = await putSourceVersion(source, id, 1, files);
      await publisher.versionPublished(id, 1, manifest);
    }
    for (const id of [first, second]) await waitForRows(id, `${id} installed`, (r) => r.length === 1 && r[0].state === 'INSTALLED');

    const corrupted = Buffer.from(shared.content);
    corrupted[100] ^= 0xff;
    const minio = createMinioClient({ endpoint: dpA.endpoint, bucket: dpA.bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
    await minio.putObject(dpA.bucket, casKey(sha256(shared.content)), corrupted, corrupted.length);

    expect((await api(service, 'POST', `/api/v1/packages/${first}/distribution-points/${dpA.name}/validate`)).status).toBe(202);
    const failed = await statusEvents.waitFor(
      (event) => event.subject === first && (event.data as PackageStatusChangedData).state === 'VALIDATION_FAILED',
      'VALIDATION_FAILED event',
    );
    expect((failed.data as PackageStatusChangedData).lastError).toContain(`corrupt ${sha256(shared.content)}`);
    await waitForRows(first, 'repaired', (r) => r[0]?.state === 'INSTALLED' && r[0].objectsCopied === 1);
    const repaired = await dpStore(dpA.endpoint, dpA.bucket).getStream(casKey(sha256(shared.content)));
    const chunks: Buffer[] = [];
    for await (const chunk of repaired) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(shared.content));

    expect((await api(service, 'DELETE', `/api/v1/packages/${second}/distribution-points/${dpA.name}`)).status).toBe(202);
    await waitForRows(second, 'row gone after removal', (r) => r.length === 0);
    const store = dpStore(dpA.endpoint, dpA.bucket);
    expect(await store.exists(sha256(shared.content))).toBe(true);
    expect(await store.exists(sha256(own.content))).toBe(false);
    await expect(store.getJson(`packages/${second}/1/manifest.json`)).rejects.toThrow();
    await statusEvents.waitFor((event) => event.subject === second && event.type === PackageStatusEventTypes.packageStatusRemoved, 'removed event');
  });

  it('takes a deleted package off every DP, keeping only objects another package still uses', async () => {
    const shared = file('common.dll', 2000);
    const own = [file('main.exe', 6000), file('data.bin', 4000)];
    const keeper = newPackage();
    const doomed = newPackage();
    for (const [id, files, dps] of [
      [keeper, [shared], [dpA.name]],
      [doomed, [shared, ...own], [dpA.name, dpB.name]],
    ] as const) {
      await publisher.packageCreated(id);
      await assign(id, { distributionPoints: dps });
      const manifest = await putSourceVersion(source, id, 1, files);
      await publisher.versionPublished(id, 1, manifest);
    }
    await waitForRows(keeper, 'keeper installed', (r) => r.length === 1 && r[0].state === 'INSTALLED');
    await waitForRows(doomed, 'doomed installed on both', (r) => r.length === 2 && r.every((row) => row.state === 'INSTALLED'));

    await publisher.publish(TOPICS.catalogPackages, CatalogEventTypes.packageDeleted, doomed, { id: doomed });
    await waitForRows(doomed, 'every row of the deleted package gone', (r) => r.length === 0);
    for (const dp of [dpA, dpB]) {
      const store = dpStore(dp.endpoint, dp.bucket);
      await expect(store.getJson(`packages/${doomed}/1/manifest.json`)).rejects.toThrow();
      for (const f of own) expect(await store.exists(sha256(f.content))).toBe(false);
      await statusEvents.waitFor(
        (event) =>
          event.subject === doomed &&
          event.type === PackageStatusEventTypes.packageStatusRemoved &&
          (event.data as PackageStatusRemovedData).distributionPoint === dp.name,
        `removed event from ${dp.name}`,
      );
    }
    // DP B held the shared object only for the deleted package; DP A still serves it to the keeper.
    expect(await dpStore(dpB.endpoint, dpB.bucket).exists(sha256(shared.content))).toBe(false);
    expect(await dpStore(dpA.endpoint, dpA.bucket).exists(sha256(shared.content))).toBe(true);
    expect(await dpStore(dpA.endpoint, dpA.bucket).getJson(`packages/${keeper}/1/manifest.json`)).toBeTruthy();
  });

  it('gives a client pre-signed locations of the DPs holding the version, nearest first', async () => {
    const packageId = newPackage();
    const content = file('tool.bin', 1234);
    await publisher.packageCreated(packageId);
    await assign(packageId, { distributionPoints: [dpA.name, dpB.name] });
    const manifest = await putSourceVersion(source, packageId, 1, [content]);
    await publisher.versionPublished(packageId, 1, manifest);
    await waitForRows(packageId, 'installed on both', (r) => r.length === 2 && r.every((row) => row.state === 'INSTALLED'));

    const clientId = crypto.randomUUID();
    await publisher.clientRegistered(clientId, 'S01', ['10.2.7.7']);
    const token = new ClientTokenIssuer(parseClientTokenPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey)).issue({ clientId, siteCode: 'S01' });
    const query = `/api/v1/content-locations?packageId=${packageId}&version=1&grant=${grantFor(clientId, packageId, 1)}`;
    type Locations = { locations: { distributionPoint: string; local: boolean; manifestUrl: string; objects: { sha256: string; url: string }[] }[]; expiresAt: string };
    const answer = await eventually(async () => {
      const response = await api<Locations>(service, 'GET', query, undefined, token);
      return response.body.locations?.[0]?.distributionPoint === dpB.name ? response : undefined;
    }, 30_000, 'client placed inside dp B boundary');
    expect(answer.status).toBe(200);
    expect(answer.body.locations.map((location) => [location.distributionPoint, location.local])).toEqual([
      [dpB.name, true],
      [dpA.name, false],
    ]);
    const manifestResponse = await fetch(answer.body.locations[0].manifestUrl);
    expect(await manifestResponse.json()).toEqual(manifest);
    const objectResponse = await fetch(answer.body.locations[0].objects[0].url);
    expect(sha256(Buffer.from(await objectResponse.arrayBuffer()))).toBe(sha256(content.content));
    expect(new Date(answer.body.expiresAt).getTime()).toBeGreaterThan(Date.now());

    expect((await api(service, 'GET', query)).status).toBe(403);
    expect((await api(service, 'GET', query, undefined, 'not-a-token')).status).toBe(401);
    expect((await api(service, 'GET', `/api/v1/content-locations?packageId=bad&version=1`, undefined, token)).status).toBe(400);

    // Only with a grant for this client, this package and this version.
    const withoutGrant = await api<{ code: string; message: string }>(service, 'GET', `/api/v1/content-locations?packageId=${packageId}&version=1`, undefined, token);
    expect(withoutGrant.status).toBe(403);
    expect(withoutGrant.body.code).toBe('CONTENT_GRANT_MISSING');
    expect(withoutGrant.body.message).toMatch(/^no content grant for .* version 1: only a package version in this client's policy/);
    const otherClient = await api<{ code: string; message: string }>(service, 'GET', `/api/v1/content-locations?packageId=${packageId}&version=1&grant=${grantFor(crypto.randomUUID(), packageId, 1)}`, undefined, token);
    expect([otherClient.status, otherClient.body.message]).toEqual([403, 'the content grant was made for another client']);
    expect(otherClient.body.code).toBe('CONTENT_GRANT_INVALID');
    const otherVersion = await api(service, 'GET', `/api/v1/content-locations?packageId=${packageId}&version=1&grant=${grantFor(clientId, packageId, 2)}`, undefined, token);
    expect(otherVersion.status).toBe(403);
    expect((await api(service, 'GET', `/api/v1/content-locations?packageId=${packageId}&version=1&grant=forged.grant.x`, undefined, token)).status).toBe(403);

    // Blocking revokes content too, within seconds; unblocking gives it back; deleting revokes for good.
    const blockedAt = Date.now();
    await publisher.clientBlocked(clientId, 'S01', ['10.2.7.7'], true);
    await eventually(async () => ((await api(service, 'GET', query, undefined, token)).status === 403 ? true : undefined), 15_000, 'blocked client refused');
    expect(Date.now() - blockedAt).toBeLessThan(15_000);
    await publisher.clientBlocked(clientId, 'S01', ['10.2.7.7'], false);
    await eventually(async () => ((await api(service, 'GET', query, undefined, token)).status === 200 ? true : undefined), 15_000, 'unblocked client served');
    // A new key (targeting counted the key generation up) retires the tokens of the old one: 401, so the agent renews.
    const issuer = new ClientTokenIssuer(parseClientTokenPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));
    const rekeyedAt = Date.now();
    await publisher.clientRekeyed(clientId, 'S01', ['10.2.7.7'], 1);
    await eventually(async () => ((await api(service, 'GET', query, undefined, token)).status === 401 ? true : undefined), 15_000, 'token of the old key refused');
    expect(Date.now() - rekeyedAt).toBeLessThan(15_000);
    const renewed = issuer.issue({ clientId, siteCode: 'S01', keyGeneration: 1 });
    expect((await api(service, 'GET', query, undefined, renewed)).status).toBe(200);
    await publisher.clientDeleted(clientId);
    await eventually(async () => ((await api(service, 'GET', query, undefined, renewed)).status === 403 ? true : undefined), 15_000, 'deleted client refused');
  });
  it('orders locations protected first (only those without fallback), then boundary, then site, then the rest', async () => {
    const tag = uniqueSuffix();
    const dps = {
      protected: { name: `dp-prot-${tag}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('locp'), boundaries: ['10.3.0.0/16'], protected: true },
      boundary: { name: `dp-bnd-${tag}`, endpoint: DP2_ENDPOINT, bucket: uniqueBucket('locb'), boundaries: ['10.3.4.0/24'], siteCode: 'S03' },
      site: { name: `dp-site-${tag}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('locs'), boundaries: [], siteCode: 'S01' },
      other: { name: `dp-othr-${tag}`, endpoint: DP2_ENDPOINT, bucket: uniqueBucket('loco'), boundaries: [], siteCode: 'S02' },
    };
    for (const dp of Object.values(dps)) expect((await register(dp)).status).toBe(201);
    const packageId = newPackage();
    await publisher.packageCreated(packageId);
    await assign(packageId, { distributionPoints: Object.values(dps).map((dp) => dp.name) });
    const manifest = await putSourceVersion(source, packageId, 1, [file('located.bin', 321)]);
    await publisher.versionPublished(packageId, 1, manifest);
    await waitForRows(packageId, 'installed on four DPs', (r) => r.length === 4 && r.every((row) => row.state === 'INSTALLED'));

    const issuer = new ClientTokenIssuer(parseClientTokenPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));
    const locate = async (ipAddresses: string[], fallback: boolean, expectedFirst: string) => {
      const clientId = crypto.randomUUID();
      await publisher.clientRegistered(clientId, 'S01', ipAddresses);
      const token = issuer.issue({ clientId, siteCode: 'S01' });
      const query = `/api/v1/content-locations?packageId=${packageId}&version=1&allowFallbackToUnprotected=${fallback}&grant=${grantFor(clientId, packageId, 1)}`;
      const answer = await eventually(async () => {
        const response = await api<{ locations: { distributionPoint: string; local: boolean; protected: boolean }[] }>(service, 'GET', query, undefined, token);
        return response.body.locations?.[0]?.distributionPoint === expectedFirst ? response.body.locations : undefined;
      }, 30_000, `client at ${ipAddresses.join(',')} placed`);
      return answer.map((location) => [location.distributionPoint, location.local, location.protected]);
    };

    // Inside the protected boundary: only the protected DP, unless the advertisement allows fallback.
    expect(await locate(['10.3.4.5'], false, dps.protected.name)).toEqual([[dps.protected.name, true, true]]);
    expect(await locate(['10.3.4.6'], true, dps.protected.name)).toEqual([
      [dps.protected.name, true, true],
      [dps.boundary.name, true, false],
      [dps.site.name, false, false],
      [dps.other.name, false, false],
    ]);
    // Outside every boundary: the protected DP is never offered; the site's DP comes before the rest.
    expect(await locate(['192.168.1.1'], false, dps.site.name)).toEqual([
      [dps.site.name, false, false],
      [dps.boundary.name, false, false],
      [dps.other.name, false, false],
    ]);
  });
});
