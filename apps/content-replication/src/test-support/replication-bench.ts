import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { manifestLocation } from '@sdp/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { casKey, ContentStore, createMinioClient, ObjectNotFoundError } from '@sdp/storage';
import { eventually, pseudoRandomStream, stackSettings, TestService } from '@sdp/testing';
import { dpManifestKey } from '../replication/manifest';
import { api, dpStore, startReplication, TestPublisher, uniqueBucket, uniquePackageId } from './replication-harness';

const MIB = 1024 * 1024;
/** Transfers per DP, for the service (maxConcurrentTransfers) and the plain copy alike. */
export const CONCURRENCY = 8;
/** Puts in flight per DP while filling it with unrelated objects before a bench. */
const FILL_CONCURRENCY = 32;
/** How often `replicate` looks whether every DP is done; the time it reports does not depend on it. */
const DONE_POLL_MS = 25;
/** Idle time before a measurement: longer than a transfer slot lingers after its last copy (1 s). */
const SETTLE_MS = 2000;

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
    private readonly database: Client,
  ) {
    this.dps = stackSettings.distributionPointS3Endpoints.slice(0, 2).map((endpoint, index) => ({
      name: `bench-dp-${index + 1}-${uniqueBucket('x').slice(7)}`,
      endpoint,
      bucket: uniqueBucket(`bench-dp${index + 1}`),
    }));
  }

  static async start(): Promise<ReplicationRig> {
    const service = await startReplication({ LOG_LEVEL: 'error', REPLICATION_WORKERS: '4', REPLICATION_LEASE_MS: '60000' });
    const database = new Client({ connectionString: service.databaseUrl });
    await database.connect();
    const rig = new ReplicationRig(service, dpStore(stackSettings.sourceS3Endpoint, service.env.SOURCE_S3_BUCKET as string), database);
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

  /**
   * Publishes the version and waits until every DP holds it; returns the seconds from just before
   * the event is sent to the moment the last DP's row was marked INSTALLED, as the database stamped
   * it (`updated_at` of the transaction that committed the install, read with its microseconds), and
   * the bytes the service copied. The wait itself polls the database, but its interval does not
   * enter the time. Also returns `seenSeconds`, when the poll first saw every row done: an upper bound.
   */
  async replicate(
    packageId: string,
    version: number,
    manifest: { sizeBytes: number; fileCount: number },
  ): Promise<{ seconds: number; seenSeconds: number; bytesCopied: number; objectsCopied: number }> {
    const publishedAt = Date.now();
    await this.publisher.versionPublished(packageId, version, manifest);
    type Row = { state: string; installed_version: number | null; finished_ms: number; bytes_copied: string; objects_copied: number };
    const deadline = Date.now() + 3_600_000;
    for (;;) {
      // Raw SQL: the bench reads the service's queue rows directly, for the commit's own timestamp.
      const { rows } = await this.database.query<Row>(
        `SELECT state, installed_version, extract(epoch FROM updated_at)::float8 * 1000 AS finished_ms, bytes_copied, objects_copied
         FROM package_distribution WHERE package_id = $1`,
        [packageId],
      );
      if (rows.length === this.dps.length && rows.every((row) => row.state === 'INSTALLED' && row.installed_version === version)) {
        const seenAt = Date.now();
        const finishedAt = Math.max(...rows.map((row) => row.finished_ms));
        return {
          seconds: (finishedAt - publishedAt) / 1000,
          seenSeconds: (seenAt - publishedAt) / 1000,
          bytesCopied: rows.reduce((sum, row) => sum + Number(row.bytes_copied), 0),
          objectsCopied: rows.reduce((sum, row) => sum + row.objects_copied, 0),
        };
      }
      if (Date.now() > deadline) throw new Error(`version ${version} of ${packageId} not on every DP within an hour`);
      await sleep(DONE_POLL_MS);
    }
  }

  /**
   * Returns once the service has been left alone for `quietMs`, first waiting until `released` (a
   * version the service takes off every DP after committing the next one; its manifest goes last)
   * is gone, so the next measurement starts from an idle service, as a single run does.
   */
  async settle(released?: { packageId: string; version: number }, quietMs = SETTLE_MS): Promise<void> {
    if (released !== undefined) {
      const key = dpManifestKey(released.packageId, released.version);
      for (const dp of this.dps) {
        const store = dpStore(dp.endpoint, dp.bucket);
        const gone = (): Promise<true | undefined> =>
          store.stat(key).then(
            () => undefined,
            (error: unknown) => {
              if (error instanceof ObjectNotFoundError) return true;
              throw error;
            },
          );
        await eventually(gone, 600_000, `${key} gone from ${dp.name}`);
      }
    }
    await sleep(quietMs);
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
    await this.database.end();
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
