import { randomBytes } from 'node:crypto';
import { PackageStatusChangedData, TOPICS } from '@sdp/contracts';
import { casKey, ContentStore, createMinioClient } from '@sdp/storage';
import { eventually, stackSettings, TestService, uniqueSuffix } from '@sdp/testing';
import {
  api,
  dpStore,
  EventCollector,
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

const [DP1_ENDPOINT] = stackSettings.distributionPointS3Endpoints;
const MiB = 1024 * 1024;

const file = (path: string, size: number): TestFile => ({ path, content: randomBytes(size) });

// One worker loop and a two-second validation schedule, so queue order and the schedule show.
describe('replication scheduling: priority order, the per-DP rate limit and scheduled validation', () => {
  let service: TestService;
  let source: ContentStore;
  const publisher = new TestPublisher();
  const packages = new Set<string>();
  const statusEvents = new EventCollector((subject) => packages.has(subject));
  const dp = { name: `dp-sched-${uniqueSuffix()}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('sched'), rateLimitBytesPerSec: 2 * MiB };

  const newPackage = (): string => {
    const id = uniquePackageId();
    packages.add(id);
    return id;
  };
  const assign = (packageId: string) =>
    eventually(async () => {
      const response = await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints: [dp.name] });
      return response.status === 200 ? response : undefined;
    }, 30_000, `package ${packageId} known and assigned`);
  const stateOf = async (packageId: string): Promise<string | undefined> =>
    (await api<{ items: { state: string }[] }>(service, 'GET', `/api/v1/packages/${packageId}/distribution-status`)).body.items?.[0]?.state;

  beforeAll(async () => {
    await publisher.connect();
    await statusEvents.start([TOPICS.replicationPackageStatus]);
    service = await startReplication({ REPLICATION_WORKERS: '1', VALIDATION_INTERVAL_SECONDS: '2' });
    source = sourceStoreOf(service);
    expect((await registerDistributionPoint(service, dp)).status).toBe(201);
  });

  afterAll(async () => {
    await statusEvents.stop();
    await publisher.disconnect();
    await service?.close();
  });

  it('serves high-priority packages first, then in order of arrival, within the DP rate limit', async () => {
    // A 6 MiB package at 2 MiB/s keeps the only worker busy while the others queue up behind it.
    const blocker = newPackage();
    await publisher.packageCreated(blocker);
    await assign(blocker);
    await publisher.versionPublished(blocker, 1, await putSourceVersion(source, blocker, 1, [file('big.bin', 6 * MiB)]));
    await eventually(async () => ((await stateOf(blocker)) === 'INSTALL_PENDING' ? true : undefined), 30_000, 'blocker queued');
    const startedAt = Date.now();

    const queued: [string, 'low' | 'medium' | 'high'][] = [
      [newPackage(), 'low'],
      [newPackage(), 'medium'],
      [newPackage(), 'high'],
    ];
    for (const [id, priority] of queued) {
      await publisher.packageCreated(id, priority);
      await assign(id);
      await publisher.versionPublished(id, 1, await putSourceVersion(source, id, 1, [file(`${priority}.bin`, 1000)]));
    }
    for (const [id] of queued) {
      await eventually(async () => ((await stateOf(id)) === 'INSTALL_PENDING' ? true : undefined), 30_000, `${id} queued`);
    }
    expect(await stateOf(blocker)).not.toBe('INSTALLED');

    const installedOrder = await eventually(
      async () => {
        // In the order the installs committed (the event's time): packages are keys of different partitions, and a
        // consumer reading several partitions may receive events the relay sent in one batch in another order.
        const installed = statusEvents.events
          .filter((event) => (event.data as PackageStatusChangedData).state === 'INSTALLED')
          .sort((left, right) => Date.parse(left.time) - Date.parse(right.time))
          .map((event) => event.subject);
        return [blocker, ...queued.map(([id]) => id)].every((id) => installed.includes(id)) ? installed : undefined;
      },
      60_000,
      'all four installed',
    );
    const blockerSeconds = (Date.now() - startedAt) / 1000;
    expect(installedOrder).toEqual([blocker, queued[2][0], queued[1][0], queued[0][0]]);
    // 6 MiB at 2 MiB/s cannot take less than about three seconds.
    expect(blockerSeconds).toBeGreaterThanOrEqual(2.5);
  });

  it('validates installed content on its schedule and repairs a flipped byte without anyone asking', async () => {
    const packageId = newPackage();
    const content = file('tool.bin', 5000);
    await publisher.packageCreated(packageId);
    await assign(packageId);
    await publisher.versionPublished(packageId, 1, await putSourceVersion(source, packageId, 1, [content]));
    await eventually(async () => ((await stateOf(packageId)) === 'INSTALLED' ? true : undefined), 60_000, 'installed');

    const corrupted = Buffer.from(content.content);
    corrupted[42] ^= 0xff;
    const minio = createMinioClient({ endpoint: dp.endpoint, bucket: dp.bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
    await minio.putObject(dp.bucket, casKey(sha256(content.content)), corrupted, corrupted.length);

    await statusEvents.waitFor(
      (event) => event.subject === packageId && (event.data as PackageStatusChangedData).state === 'VALIDATION_FAILED',
      'scheduled validation finding the flipped byte',
    );
    await eventually(
      async () => {
        const states = statusEvents.events.filter((event) => event.subject === packageId).map((event) => (event.data as PackageStatusChangedData).state);
        return states.lastIndexOf('INSTALLED') > states.indexOf('VALIDATION_FAILED') ? states : undefined;
      },
      60_000,
      'repair after the scheduled validation',
    );
    const repaired = Buffer.concat(await readAll(dpStore(dp.endpoint, dp.bucket), casKey(sha256(content.content))));
    expect(sha256(repaired)).toBe(sha256(content.content));
  });
});

async function readAll(store: ContentStore, key: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getStream(key)) chunks.push(chunk as Buffer);
  return chunks;
}
