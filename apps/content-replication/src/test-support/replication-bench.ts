import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { manifestLocation } from '@sdp/contracts';
import { casKey, ContentStore, createMinioClient } from '@sdp/storage';
import { eventually, pseudoRandomStream, stackSettings, TestService } from '@sdp/testing';
import { api, dpStore, startReplication, TestPublisher, uniqueBucket, uniquePackageId } from './replication-harness';

const MIB = 1024 * 1024;
/** Transfers per DP, for the service (maxConcurrentTransfers) and the plain copy alike. */
export const CONCURRENCY = 8;
/** Puts in flight per DP while filling it with unrelated objects before a bench. */
const FILL_CONCURRENCY = 32;

export interface BenchFile {
  path: string;
  size: number;
  /** Different seeds give different bytes, hence different objects. */
  seed: string;
}

export interface BenchObject {
  sha256: string;
  size: number;
}

async function sha256Of(file: BenchFile): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of pseudoRandomStream(file.size, file.seed)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function packageFiles(largeMib: number, largeCount: number, smallCount: number, smallKib: number, seed: string): BenchFile[] {
  const largeSize = Math.floor((largeMib * MIB) / largeCount);
  return [
    ...Array.from({ length: largeCount }, (_, index) => ({ path: `large/${index}.bin`, size: largeSize, seed: `${seed}-L${index}` })),
    ...Array.from({ length: smallCount }, (_, index) => ({ path: `small/${index}.dat`, size: smallKib * 1024, seed: `${seed}-S${index}` })),
  ];
}

export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]);
    }),
  );
}

/** One running service with two DPs on the two S3Proxy endpoints, and the means to drive it. */
export class ReplicationRig {
  readonly dps: { name: string; endpoint: string; bucket: string }[];
  private readonly publisher = new TestPublisher();
  private constructor(
    readonly service: TestService,
    readonly source: ContentStore,
  ) {
    this.dps = stackSettings.distributionPointS3Endpoints.slice(0, 2).map((endpoint, index) => ({
      name: `bench-dp-${index + 1}-${uniqueBucket('x').slice(7)}`,
      endpoint,
      bucket: uniqueBucket(`bench-dp${index + 1}`),
    }));
  }

  static async start(): Promise<ReplicationRig> {
    const service = await startReplication({ LOG_LEVEL: 'error', REPLICATION_WORKERS: '4', REPLICATION_LEASE_MS: '60000' });
    const rig = new ReplicationRig(service, dpStore(stackSettings.sourceS3Endpoint, service.env.SOURCE_S3_BUCKET as string));
    await rig.source.ensureBucket();
    await rig.publisher.connect();
    for (const dp of rig.dps) {
      const response = await api(service, 'POST', '/api/v1/distribution-points', {
        ...dp,
        accessKey: stackSettings.s3AccessKey,
        secretKey: stackSettings.s3SecretKey,
        maxConcurrentTransfers: CONCURRENCY,
      });
      if (response.status !== 201) throw new Error(`registering ${dp.name}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return rig;
  }

  /** Puts `count` small objects no package refers to on each DP, many at a time, as a DP full of other packages would hold. */
  async fillDps(count: number): Promise<void> {
    const indexes = Array.from({ length: count }, (_, index) => index);
    await Promise.all(
      this.dps.map(async (dp) => {
        const store = dpStore(dp.endpoint, dp.bucket);
        await store.ensureBucket();
        await inParallel(indexes, FILL_CONCURRENCY, async (index) => {
          const bytes = Buffer.from(`unrelated object ${index} of ${dp.bucket}`);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          await store.putVerified(Readable.from([bytes]), sha256, { knownAbsent: true, size: bytes.length });
        });
      }),
    );
  }

  async newPackage(): Promise<string> {
    const packageId = uniquePackageId();
    await this.publisher.packageCreated(packageId);
    await eventually(async () => {
      const response = await api(this.service, 'POST', `/api/v1/packages/${packageId}/distribution-points`, { distributionPoints: this.dps.map((dp) => dp.name) });
      return response.status === 200 ? true : undefined;
    }, 60_000, 'package assigned');
    return packageId;
  }

  /** Writes a version's objects (those not stored yet) and manifest the way the catalog does. */
  async putVersion(packageId: string, version: number, files: readonly BenchFile[]): Promise<{ objects: BenchObject[]; sizeBytes: number }> {
    const hashes = new Map<BenchFile, string>();
    await inParallel(files, CONCURRENCY, async (file) => {
      const sha256 = await sha256Of(file);
      hashes.set(file, sha256);
      await this.source.putVerified(() => pseudoRandomStream(file.size, file.seed), sha256, { size: file.size });
    });
    const manifestFiles = files.map((file) => ({ path: file.path, size: file.size, sha256: hashes.get(file) as string, mode: 0o644 }));
    const sizeBytes = files.reduce((sum, file) => sum + file.size, 0);
    const manifest = { packageId, version, fileCount: files.length, sizeBytes, files: manifestFiles };
    await this.source.putJson(manifestLocation(packageId, version), manifest);
    const objects = new Map(manifestFiles.map((file) => [file.sha256, { sha256: file.sha256, size: file.size }]));
    return { objects: [...objects.values()], sizeBytes };
  }

  /** Publishes the version and waits until every DP holds it; returns seconds taken and bytes the service copied. */
  async replicate(packageId: string, version: number, manifest: { sizeBytes: number; fileCount: number }): Promise<{ seconds: number; bytesCopied: number; objectsCopied: number }> {
    const started = process.hrtime.bigint();
    await this.publisher.versionPublished(packageId, version, manifest);
    type Row = { state: string; installedVersion: number | null; bytesCopied: number; objectsCopied: number };
    const rows = await eventually(async () => {
      const response = await api<{ items: Row[] }>(this.service, 'GET', `/api/v1/packages/${packageId}/distribution-status`);
      const items = response.body.items ?? [];
      return items.length === this.dps.length && items.every((row) => row.state === 'INSTALLED' && row.installedVersion === version) ? items : undefined;
    }, 3_600_000, `version ${version} on every DP`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, bytesCopied: rows.reduce((sum, row) => sum + row.bytesCopied, 0), objectsCopied: rows.reduce((sum, row) => sum + row.objectsCopied, 0) };
  }

  /** The baseline: GET from the source piped into a PUT on each DP, CONCURRENCY at a time per DP, no verification. */
  async plainCopy(objects: readonly BenchObject[]): Promise<{ seconds: number; buckets: { endpoint: string; bucket: string }[] }> {
    const buckets = this.dps.map((dp) => ({ endpoint: dp.endpoint, bucket: uniqueBucket('bench-plain') }));
    const sourceClient = this.client(stackSettings.sourceS3Endpoint, this.service.env.SOURCE_S3_BUCKET as string);
    for (const target of buckets) await this.client(target.endpoint, target.bucket).makeBucket(target.bucket);
    const started = process.hrtime.bigint();
    await Promise.all(
      buckets.map((target) => {
        const client = this.client(target.endpoint, target.bucket);
        return inParallel(objects, CONCURRENCY, async (object) => {
          const key = casKey(object.sha256);
          const body = await sourceClient.getObject(this.service.env.SOURCE_S3_BUCKET as string, key);
          await client.putObject(target.bucket, key, body, object.size);
        });
      }),
    );
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, buckets };
  }

  async close(extraBuckets: { endpoint: string; bucket: string }[] = []): Promise<void> {
    await this.publisher.disconnect();
    await this.service.close();
    const all = [
      { endpoint: stackSettings.sourceS3Endpoint, bucket: this.service.env.SOURCE_S3_BUCKET as string },
      ...this.dps,
      ...extraBuckets,
    ];
    for (const target of all) await this.removeBucket(target.endpoint, target.bucket);
  }

  private client(endpoint: string, bucket: string) {
    return createMinioClient({ endpoint, bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
  }

  private async removeBucket(endpoint: string, bucket: string): Promise<void> {
    const client = this.client(endpoint, bucket);
    const keys: string[] = [];
    for await (const item of client.listObjectsV2(bucket, '', true)) if (item.name) keys.push(item.name);
    for (let index = 0; index < keys.length; index += 500) await client.removeObjects(bucket, keys.slice(index, index + 500));
    await client.removeBucket(bucket).catch(() => undefined);
  }
}
