import { randomBytes } from 'node:crypto';
import { PackageStatusChangedData, PackageStatusEventTypes, TOPICS } from '@sdp/contracts';
import { dropDatabase } from '@sdp/persistence';
import { eventually, grantTestServiceAcls, stackSettings, testDatabaseUrl, TestService, uniqueSuffix } from '@sdp/testing';
import { ReplicationChild } from '../test-support/replication-child';
import {
  api,
  dpStore,
  EventCollector,
  putSourceVersion,
  registerDistributionPoint,
  replicaEnv,
  sha256,
  startReplication,
  TestFile,
  TestPublisher,
  testReplicationEnv,
  uniqueBucket,
  uniquePackageId,
} from '../test-support/replication-harness';

const [DP1_ENDPOINT, DP2_ENDPOINT] = stackSettings.distributionPointS3Endpoints;

interface StatusRow {
  distributionPoint: string;
  state: string;
  installedVersion: number | null;
  bytesCopied: number;
  objectsCopied: number;
}

interface DpSpec {
  name: string;
  endpoint: string;
  bucket: string;
}

const file = (path: string, size: number): TestFile => ({ path, content: randomBytes(size) });
const totalBytes = (files: readonly TestFile[]): number => files.reduce((sum, f) => sum + f.content.length, 0);

describe('replication replicas and crashes (real Kafka, PostgreSQL, S3)', () => {
  const publisher = new TestPublisher();
  const packages = new Set<string>();
  const statusEvents = new EventCollector((subject) => packages.has(subject));
  const suffix = uniqueSuffix();

  const newPackage = (): string => {
    const id = uniquePackageId();
    packages.add(id);
    return id;
  };
  const status = async (service: { url: string }, packageId: string): Promise<StatusRow[]> =>
    (await api<{ items: StatusRow[] }>(service, 'GET', `/api/v1/packages/${packageId}/distribution-status`)).body.items ?? [];
  const waitForRows = (service: { url: string }, packageId: string, what: string, accept: (rows: StatusRow[]) => boolean) =>
    eventually(async () => {
      const rows = await status(service, packageId);
      return accept(rows) ? rows : undefined;
    }, 90_000, what);
  const register = async (service: { url: string }, dp: DpSpec, limits: object = {}) => {
    const response = await registerDistributionPoint(service, { ...dp, ...limits });
    expect(response.status).toBe(201);
  };
  const assign = (service: { url: string }, packageId: string, distributionPoints: string[]) =>
    eventually(async () => {
      const response = await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints });
      return response.status === 200 ? response : undefined;
    }, 30_000, `package ${packageId} known and assigned`);

  beforeAll(async () => {
    await publisher.connect();
    await statusEvents.start([TOPICS.replicationPackageStatus]);
  });

  afterAll(async () => {
    await statusEvents.stop();
    await publisher.disconnect();
  });

  it('a worker SIGKILLed mid-copy commits no partial version; a fresh instance resumes without copying an object twice', async () => {
    const databaseUrl = testDatabaseUrl('replication_test');
    const sourceBucket = uniqueBucket('killsrc');
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: stackSettings.kafkaBrokers.join(','),
      SOURCE_S3_ENDPOINT: stackSettings.sourceS3Endpoint,
      SOURCE_S3_BUCKET: sourceBucket,
      SOURCE_S3_ACCESS_KEY: stackSettings.s3AccessKey,
      SOURCE_S3_SECRET_KEY: stackSettings.s3SecretKey,
      ...testReplicationEnv(),
      REPLICATION_LEASE_MS: '3000',
    };
    await grantTestServiceAcls('content-replication', env);
    const child = new ReplicationChild(env);
    let resumed: TestService | undefined;
    try {
      await child.start();
      const dp = { name: `dp-kill-${suffix}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('kill') };
      // Two copies at a time, 200 KB/s each: the package takes about six seconds to move.
      await register(child, dp, { maxConcurrentTransfers: 2, rateLimitBytesPerSec: 400_000 });
      const packageId = newPackage();
      await publisher.packageCreated(packageId);
      await assign(child, packageId, [dp.name]);
      const files = Array.from({ length: 8 }, (_, index) => file(`part-${index}.bin`, 300_000));
      const source = dpStore(stackSettings.sourceS3Endpoint, sourceBucket);
      const manifest = await putSourceVersion(source, packageId, 1, files);
      await publisher.versionPublished(packageId, 1, manifest);

      const target = dpStore(dp.endpoint, dp.bucket);
      const presentOnDp = async (): Promise<TestFile[]> => {
        const flags = await Promise.all(files.map((f) => target.exists(sha256(f.content))));
        return files.filter((_, index) => flags[index]);
      };
      await eventually(async () => ((await presentOnDp()).length > 0 ? true : undefined), 60_000, 'first object on the DP');
      await child.kill();

      const survivors = await presentOnDp();
      expect(survivors.length).toBeGreaterThan(0);
      expect(survivors.length).toBeLessThan(files.length);
      await expect(target.getJson(`packages/${packageId}/1/manifest.json`)).rejects.toThrow();

      resumed = await startReplication({ ...env, REPLICATION_LEASE_MS: '5000' });
      expect((await api(resumed, 'PATCH', `/api/v1/distribution-points/${dp.name}`, { rateLimitBytesPerSec: null })).status).toBe(200);
      const [row] = await waitForRows(resumed, packageId, 'resumed install', (rows) => rows[0]?.state === 'INSTALLED');
      const missing = files.filter((f) => !survivors.includes(f));
      expect(row).toMatchObject({ installedVersion: 1, objectsCopied: missing.length, bytesCopied: totalBytes(missing) });
      expect(totalBytes(survivors) + row.bytesCopied).toBe(manifest.sizeBytes);
      expect(await target.getJson(`packages/${packageId}/1/manifest.json`)).toEqual(manifest);
      expect((await presentOnDp()).length).toBe(files.length);
    } finally {
      await child.kill();
      await resumed?.close();
      await dropDatabase(databaseUrl);
    }
  }, 180_000);

  it('two instances on one database share the queue: every (package, DP) is copied exactly once', async () => {
    const first = await startReplication();
    const second = await startReplication(replicaEnv(first));
    try {
      const dps = [
        { name: `dp-r1-${suffix}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('rep1') },
        { name: `dp-r2-${suffix}`, endpoint: DP2_ENDPOINT, bucket: uniqueBucket('rep2') },
      ];
      for (const dp of dps) await register(first, dp);
      const source = dpStore(stackSettings.sourceS3Endpoint, first.env.SOURCE_S3_BUCKET as string);
      const contents = new Map<string, TestFile[]>();
      for (const instance of [first, second]) {
        const packageId = newPackage();
        const files = [file('big.bin', 1_000_000), file('a.txt', 5000), file('b.txt', 7000)];
        contents.set(packageId, files);
        await publisher.packageCreated(packageId);
        await assign(instance, packageId, dps.map((dp) => dp.name));
        await publisher.versionPublished(packageId, 1, await putSourceVersion(source, packageId, 1, files));
      }

      for (const [packageId, files] of contents) {
        const rows = await waitForRows(second, packageId, `${packageId} on both DPs`, (r) => r.length === 2 && r.every((row) => row.state === 'INSTALLED'));
        for (const row of rows) expect(row).toMatchObject({ objectsCopied: files.length, bytesCopied: totalBytes(files) });
      }
      const installedEvents = (packageId: string, dp: string) =>
        statusEvents.events.filter(
          (event) =>
            event.subject === packageId &&
            event.type === PackageStatusEventTypes.packageStatusChanged &&
            (event.data as PackageStatusChangedData).distributionPoint === dp &&
            (event.data as PackageStatusChangedData).state === 'INSTALLED',
        );
      await eventually(
        async () => ([...contents.keys()].every((id) => dps.every((dp) => installedEvents(id, dp.name).length > 0)) ? true : undefined),
        30_000,
        'INSTALLED events of every (package, DP)',
      );
      for (const packageId of contents.keys()) {
        for (const dp of dps) expect(installedEvents(packageId, dp.name)).toHaveLength(1);
      }
    } finally {
      await second.close();
      await first.close();
    }
  }, 180_000);
});
