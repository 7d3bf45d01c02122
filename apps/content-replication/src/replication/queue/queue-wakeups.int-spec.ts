import { randomBytes } from 'node:crypto';
import { casKey, createMinioClient } from '@sdp/storage';
import { eventually, stackSettings, TestService, uniqueSuffix } from '@sdp/testing';
import {
  api,
  putSourceVersion,
  registerDistributionPoint,
  sha256,
  sourceStoreOf,
  startReplication,
  TestPublisher,
  uniqueBucket,
  uniquePackageId,
} from '../../test-support/replication-harness';

const [DP1_ENDPOINT] = stackSettings.distributionPointS3Endpoints;
/** Well below the workers' one-minute poll: only an announcement can start the work this soon. */
const SOON_MS = 20_000;

// One worker loop that polls once a minute: each step below starts because it was announced.
describe('due replication work wakes the idle workers (real PostgreSQL NOTIFY, Kafka, S3)', () => {
  let service: TestService;
  const publisher = new TestPublisher();
  const dp = { name: `dp-wake-${uniqueSuffix()}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('wake') };

  const row = async (packageId: string) =>
    (await api<{ items: { state: string; installedVersion: number | null; lastError: string | null }[] }>(service, 'GET', `/api/v1/packages/${packageId}/distribution-status`)).body
      .items?.[0];

  beforeAll(async () => {
    await publisher.connect();
    service = await startReplication({ REPLICATION_WORKERS: '1', REPLICATION_POLL_MS: '60000' });
    expect((await registerDistributionPoint(service, dp)).status).toBe(201);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await service?.close();
  });

  it('installs a published version, validates on request and repairs an altered object without waiting for the poll', async () => {
    const packageId = uniquePackageId();
    const content = randomBytes(3000);
    await publisher.packageCreated(packageId);
    await eventually(async () => {
      const response = await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints: [dp.name] });
      return response.status === 200 ? true : undefined;
    }, 30_000, 'package known and assigned');
    await publisher.versionPublished(packageId, 1, await putSourceVersion(sourceStoreOf(service), packageId, 1, [{ path: 'tool.bin', content }]));
    await eventually(async () => ((await row(packageId))?.state === 'INSTALLED' ? true : undefined), SOON_MS, 'installed soon after the version was published');

    // The loop went idle after the install, for a minute: the validation starts on the request's announcement.
    const altered = Buffer.from(content);
    altered[7] ^= 0xff;
    const minio = createMinioClient({ endpoint: dp.endpoint, bucket: dp.bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
    await minio.putObject(dp.bucket, casKey(sha256(content)), altered, altered.length);
    expect((await api(service, 'POST', `/api/v1/packages/${packageId}/distribution-points/${dp.name}/validate`)).status).toBe(202);

    // The failed validation announces its repair too, so both happen well within one poll.
    const repaired = await eventually(
      async () => {
        const current = await row(packageId);
        if (current?.state !== 'INSTALLED') return undefined;
        const stored = await minio.getObject(dp.bucket, casKey(sha256(content)));
        const chunks: Buffer[] = [];
        for await (const chunk of stored) chunks.push(chunk as Buffer);
        return sha256(Buffer.concat(chunks)) === sha256(content) ? current : undefined;
      },
      SOON_MS,
      'altered object found and copied again soon after the request',
    );
    expect(repaired).toMatchObject({ state: 'INSTALLED', installedVersion: 1 });
  });
});
