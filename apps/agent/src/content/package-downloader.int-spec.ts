import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { casKey, createMinioClient } from '@sdp/storage';
import { stackSettings, uniqueSuffix } from '@sdp/testing';
import type { ContentLocation } from '../api/service-client';
import { ContentCache } from './content-cache';
import { CacheTooSmallError, ContentUnavailableError, HashMismatchError } from './content-errors';
import { DownloadEvents, PackageDownloader } from './package-downloader';

interface SourceFile {
  path: string;
  content: Buffer;
  mode: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('package downloader against the S3Proxy distribution points', () => {
  const bucket = `agent-dl-${uniqueSuffix()}`;
  const dps = stackSettings.distributionPointS3Endpoints.slice(0, 2).map((endpoint, index) => ({
    name: `agent-dp-${index + 1}`,
    client: createMinioClient({ endpoint, bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey, region: stackSettings.s3Region }),
  }));
  let work: string;

  beforeAll(async () => {
    for (const dp of dps) await dp.client.makeBucket(bucket, stackSettings.s3Region);
  });

  afterAll(async () => {
    for (const dp of dps) {
      const keys: string[] = [];
      for await (const item of dp.client.listObjectsV2(bucket, '', true) as AsyncIterable<{ name: string }>) keys.push(item.name);
      await dp.client.removeObjects(bucket, keys);
      await dp.client.removeBucket(bucket);
    }
  });

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'agent-downloader-'));
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  /** Puts a version on the DPs as replication does: objects under cas/, the manifest last. */
  async function publish(packageId: string, version: number, files: SourceFile[], dpIndexes = [0, 1]) {
    const manifest = {
      packageId,
      version,
      fileCount: files.length,
      sizeBytes: files.reduce((total, file) => total + file.content.length, 0),
      files: files.map((file) => ({ path: file.path, size: file.content.length, sha256: sha256(file.content), mode: file.mode })),
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    for (const index of dpIndexes) {
      for (const file of files) await dps[index].client.putObject(bucket, casKey(sha256(file.content)), file.content, file.content.length);
      await dps[index].client.putObject(bucket, `packages/${packageId}/${version}/manifest.json`, manifestBytes, manifestBytes.length);
    }
    return { manifest, digest: sha256(manifestBytes) };
  }

  async function locationOn(index: number, packageId: string, version: number, files: SourceFile[]): Promise<ContentLocation> {
    const client = dps[index].client;
    const distinct = new Map(files.map((file) => [sha256(file.content), file.content.length]));
    return {
      distributionPoint: dps[index].name,
      local: index === 0,
      protected: false,
      manifestUrl: await client.presignedGetObject(bucket, `packages/${packageId}/${version}/manifest.json`, 300),
      objects: await Promise.all(
        [...distinct].map(async ([hash, size]) => ({ sha256: hash, size, url: await client.presignedGetObject(bucket, casKey(hash), 300) })),
      ),
    };
  }

  function recorder() {
    const seen = { mismatches: [] as { dp: string; error: HashMismatchError }[], failures: [] as { dp: string; message: string }[], downloads: [] as string[] };
    const events: DownloadEvents = {
      mismatch: (dp, error) => void seen.mismatches.push({ dp, error }),
      locationFailed: (dp, error) => void seen.failures.push({ dp, message: error.message }),
      downloading: (dp) => void seen.downloads.push(dp),
    };
    return { seen, events };
  }

  const request = (packageId: string, version: number, sizeBytes: number, digest: string | null, persistInCache = false) => ({
    packageId,
    version,
    sizeBytes,
    persistInCache,
    manifestDigest: digest,
    inUse: new Set<string>(),
  });

  const files: SourceFile[] = [
    { path: 'install.sh', content: Buffer.from('#!/bin/sh\necho installed\n'), mode: 0o755 },
    { path: 'data/config.ini', content: Buffer.from('[main]\nkey=value\n'), mode: 0o644 },
    { path: 'data/nested/copy-of-config.ini', content: Buffer.from('[main]\nkey=value\n'), mode: 0o600 },
    { path: 'big.bin', content: Buffer.alloc(300_000, 7), mode: 0o644 },
  ];
  const totalSize = files.reduce((total, file) => total + file.content.length, 0);

  it('rebuilds the package folder with paths and modes, then serves it from the cache', async () => {
    const { digest } = await publish('S01A0001', 1, files);
    const cache = await ContentCache.open(join(work, 'cache'), 10 * 1024 * 1024);
    const downloader = new PackageDownloader(cache);
    const { seen, events } = recorder();

    const folder = await downloader.obtain(request('S01A0001', 1, totalSize, digest), [await locationOn(0, 'S01A0001', 1, files)], events);

    expect(seen.downloads).toEqual(['agent-dp-1']);
    for (const file of files) {
      const target = join(folder, ...file.path.split('/'));
      expect(await readFile(target)).toEqual(file.content);
      expect((await stat(target)).mode & 0o777).toBe(file.mode);
    }
    expect(await readdir(join(work, 'cache', 'staging'))).toEqual([]);
    expect(cache.usedBytes()).toBe(totalSize);

    const unreachable: ContentLocation = { distributionPoint: 'gone', local: false, protected: false, manifestUrl: 'http://127.0.0.1:9/none', objects: [] };
    const again = await downloader.obtain(request('S01A0001', 1, totalSize, digest), [unreachable], recorder().events);
    expect(again).toBe(folder);
  });

  it('falls back to the next DP when an object on the first one has a flipped byte, and reports it', async () => {
    const { digest } = await publish('S01A0002', 1, files);
    const corrupted = Buffer.from(files[3].content);
    corrupted[1234] ^= 0xff;
    await dps[0].client.putObject(bucket, casKey(sha256(files[3].content)), corrupted, corrupted.length);
    const downloader = new PackageDownloader(await ContentCache.open(join(work, 'cache'), 10 * 1024 * 1024));
    const { seen, events } = recorder();

    const folder = await downloader.obtain(
      request('S01A0002', 1, totalSize, digest),
      [await locationOn(0, 'S01A0002', 1, files), await locationOn(1, 'S01A0002', 1, files)],
      events,
    );

    expect(seen.mismatches.map((mismatch) => mismatch.dp)).toEqual(['agent-dp-1']);
    expect(seen.mismatches[0].error.expected).toBe(sha256(files[3].content));
    expect(seen.downloads).toEqual(['agent-dp-1', 'agent-dp-2']);
    expect(await readFile(join(folder, 'big.bin'))).toEqual(files[3].content);
  });

  it('does not download again what was verified before a DP failed (resume)', async () => {
    const { digest } = await publish('S01A0003', 1, files);
    const corrupted = Buffer.from(files[3].content);
    corrupted[0] ^= 0x01;
    await dps[0].client.putObject(bucket, casKey(sha256(files[3].content)), corrupted, corrupted.length);
    const downloader = new PackageDownloader(await ContentCache.open(join(work, 'cache'), 10 * 1024 * 1024));
    const dp1 = await locationOn(0, 'S01A0003', 1, files);
    const dp2 = await locationOn(1, 'S01A0003', 1, files);
    // On DP 2 only the object DP 1 got wrong can be fetched: the rest must come from what DP 1 delivered.
    const dp2OnlyBigObject: ContentLocation = {
      ...dp2,
      objects: dp2.objects.map((object) => (object.sha256 === sha256(files[3].content) ? object : { ...object, url: 'http://127.0.0.1:9/unreachable' })),
    };

    const folder = await downloader.obtain(request('S01A0003', 1, totalSize, digest), [dp1, dp2OnlyBigObject], recorder().events);

    for (const file of files) expect(await readFile(join(folder, ...file.path.split('/')))).toEqual(file.content);
  });

  it('never builds a folder when no DP delivers verified content', async () => {
    const { digest } = await publish('S01A0004', 1, files, [0]);
    const corrupted = Buffer.from(files[0].content);
    corrupted[0] ^= 0x01;
    await dps[0].client.putObject(bucket, casKey(sha256(files[0].content)), corrupted, corrupted.length);
    const cache = await ContentCache.open(join(work, 'cache'), 10 * 1024 * 1024);
    const { seen, events } = recorder();

    await expect(new PackageDownloader(cache).obtain(request('S01A0004', 1, totalSize, digest), [await locationOn(0, 'S01A0004', 1, files)], events)).rejects.toThrow(
      ContentUnavailableError,
    );
    expect(seen.mismatches).toHaveLength(1);
    await expect(stat(cache.folderOf('S01A0004', 1))).rejects.toThrow();
  });

  it('rejects a manifest whose digest differs from the policy, or that names an unsafe path', async () => {
    await publish('S01A0005', 1, files, [0]);
    const cache = await ContentCache.open(join(work, 'cache'), 10 * 1024 * 1024);
    const first = recorder();
    await expect(
      new PackageDownloader(cache).obtain(request('S01A0005', 1, totalSize, 'f'.repeat(64)), [await locationOn(0, 'S01A0005', 1, files)], first.events),
    ).rejects.toThrow(ContentUnavailableError);
    expect(first.seen.mismatches[0].error.what).toBe('manifest from distribution point agent-dp-1');

    const escaping = [{ path: '../outside.sh', content: Buffer.from('echo owned\n'), mode: 0o755 }];
    await publish('S01A0006', 1, escaping, [0]);
    const second = recorder();
    await expect(new PackageDownloader(cache).obtain(request('S01A0006', 1, 11, null), [await locationOn(0, 'S01A0006', 1, escaping)], second.events)).rejects.toThrow(
      ContentUnavailableError,
    );
    expect(second.seen.failures[0].message).toContain('unsafe path "../outside.sh"');
    await expect(stat(join(work, 'cache', 'packages', 'S01A0006', 'outside.sh'))).rejects.toThrow();
  });

  it('keeps to the cache limit: LRU eviction spares persisted content, too large a package is refused (10050)', async () => {
    const blob = (fill: number): SourceFile[] => [{ path: 'payload.bin', content: Buffer.alloc(400_000, fill), mode: 0o644 }];
    const cache = await ContentCache.open(join(work, 'cache'), 1024 * 1024);
    const downloader = new PackageDownloader(cache);
    for (const [packageId, fill] of [['S01A0007', 1], ['S01A0008', 2], ['S01A0009', 3]] as const) {
      await publish(packageId, 1, blob(fill), [0]);
    }
    const obtain = async (packageId: string, fill: number, persist: boolean, at: number) =>
      downloader.obtain({ ...request(packageId, 1, 400_000, null, persist) }, [await locationOn(0, packageId, 1, blob(fill))], recorder().events, new Date(at));

    await obtain('S01A0007', 1, true, 1_000);
    await obtain('S01A0008', 2, false, 2_000);
    await obtain('S01A0009', 3, false, 3_000);
    expect(cache.entries().map((entry) => entry.key).sort()).toEqual(['S01A0007/1', 'S01A0009/1']);
    await expect(stat(cache.folderOf('S01A0008', 1))).rejects.toThrow();

    const huge = [{ path: 'huge.bin', content: Buffer.alloc(2 * 1024 * 1024, 9), mode: 0o644 }];
    await expect(downloader.obtain(request('S01A000A', 1, huge[0].content.length, null), [], recorder().events)).rejects.toThrow(CacheTooSmallError);
  });
});
