import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageData } from '@sdp/contracts';
import { createMinioClient } from '@sdp/storage';
import { eventually, stackSettings, uniqueSuffix } from '@sdp/testing';
import { CatalogHarness } from '../test-support/catalog-harness';
import { SourceManifest } from '../source/manifest';
import { PublishedVersion } from '../source/source.service';

describe('source locations and refresh (real PostgreSQL, Kafka, S3)', () => {
  let catalog: CatalogHarness;
  let root: string;
  const bucket = `catalog-src-${uniqueSuffix()}`.toLowerCase();
  const s3 = createMinioClient({ endpoint: stackSettings.sourceS3Endpoint, bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'catalog-sources-'));
    await s3.makeBucket(bucket, 'us-east-1');
    catalog = await CatalogHarness.start({ CATALOG_SOURCE_ROOT: root, CATALOG_SOURCE_SCAN_SECONDS: '1' });
  });

  afterAll(async () => {
    await catalog?.close();
    await rm(root, { recursive: true, force: true });
    const keys: string[] = [];
    for await (const item of s3.listObjectsV2(bucket, '', true) as AsyncIterable<{ name: string }>) keys.push(item.name);
    await s3.removeObjects(bucket, keys);
    await s3.removeBucket(bucket);
  });

  async function newPackage(sourceLocation: unknown, sourceRefreshMinutes: number | null = null): Promise<PackageData> {
    const response = await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'Located', sourceLocation, sourceRefreshMinutes });
    expect(response.status).toBe(201);
    return response.body;
  }

  it('refreshes a directory: v1, then unchanged, then v2 with only the changed bytes new', async () => {
    const folder = join(root, 'reader');
    await mkdir(join(folder, 'data'), { recursive: true });
    await writeFile(join(folder, 'setup.exe'), Buffer.alloc(300_000, 7));
    await writeFile(join(folder, 'data', 'a.txt'), 'first');
    await symlink('/etc/hostname', join(folder, 'data', 'outside'));
    const created = await newPackage({ type: 'directory', path: 'reader' });
    expect(created.sourceLocation).toBe('directory:reader');

    const first = await catalog.request<PublishedVersion>('POST', `/api/v1/packages/${created.id}/source/refresh`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, fileCount: 2, sizeBytes: 300_005, newBytes: 300_005 });
    const manifest = await catalog.request<SourceManifest>('GET', `/api/v1/packages/${created.id}/source-versions/1`);
    expect(manifest.body.files.map((file) => file.path)).toEqual(['data/a.txt', 'setup.exe']);

    const again = await catalog.request('POST', `/api/v1/packages/${created.id}/source/refresh`);
    expect(again).toEqual({ status: 200, body: { changed: false, version: 1 } });

    await writeFile(join(folder, 'data', 'a.txt'), 'second!');
    const second = await catalog.request<PublishedVersion>('POST', `/api/v1/packages/${created.id}/source/refresh`);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, fileCount: 2, sizeBytes: 300_007, newBytes: 7 });
  });

  it('refuses a directory outside the root (by .. or by a link) with 422 and refreshing a package without a location with 409', async () => {
    for (const path of ['../elsewhere', 'a/../../b', '/etc']) {
      const response = await catalog.request<{ message: string }>('POST', '/api/v1/packages', { name: 'Escaping', sourceLocation: { type: 'directory', path } });
      expect(response.status).toBe(422);
    }
    await symlink(tmpdir(), join(root, 'escape'));
    const linked = await newPackage({ type: 'directory', path: 'escape' });
    const escaped = await catalog.request<{ code: string; message: string }>('POST', `/api/v1/packages/${linked.id}/source/refresh`);
    expect(escaped.status).toBe(422);
    expect(escaped.body.code).toBe('SOURCE_DIRECTORY_UNUSABLE');
    expect(escaped.body.message).toContain('leads outside the source root');
    const plain = await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'Plain' });
    const noLocation = await catalog.request<{ code: string }>('POST', `/api/v1/packages/${plain.body.id}/source/refresh`);
    expect(noLocation.status).toBe(409);
    expect(noLocation.body.code).toBe('SOURCE_LOCATION_NOT_SET');
    const shape = await catalog.request('POST', '/api/v1/packages', { name: 'Bad', sourceLocation: { type: 'ftp' }, sourceRefreshMinutes: 2 });
    expect(shape.status).toBe(400);
  });

  it('refreshes an S3 prefix the same way and never shows its secret', async () => {
    await s3.putObject(bucket, 'apps/tool/bin/tool.exe', Buffer.alloc(5000, 1));
    await s3.putObject(bucket, 'apps/tool/readme.txt', Buffer.from('hello'));
    await s3.putObject(bucket, 'apps/other/ignored.txt', Buffer.from('not mine'));
    const location = { type: 's3', endpoint: stackSettings.sourceS3Endpoint, bucket, prefix: 'apps/tool/', accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey };
    const created = await newPackage(location);
    expect(created.sourceLocation).toBe(`${stackSettings.sourceS3Endpoint.replace(/\/+$/, '')}/${bucket}/apps/tool/`);
    const fetched = await catalog.request('GET', `/api/v1/packages/${created.id}`);
    expect(JSON.stringify(fetched.body)).not.toContain(stackSettings.s3SecretKey);
    expect(JSON.stringify(created)).not.toContain(stackSettings.s3SecretKey);

    const first = await catalog.request<PublishedVersion>('POST', `/api/v1/packages/${created.id}/source/refresh`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, fileCount: 2, sizeBytes: 5005 });
    expect(await catalog.request('POST', `/api/v1/packages/${created.id}/source/refresh`)).toEqual({ status: 200, body: { changed: false, version: 1 } });
    await s3.putObject(bucket, 'apps/tool/readme.txt', Buffer.from('hello again'));
    const second = await catalog.request<PublishedVersion>('POST', `/api/v1/packages/${created.id}/source/refresh`);
    expect(second.body).toMatchObject({ version: 2, sizeBytes: 5011, newBytes: 11 });

    const wrongSecret = await newPackage({ ...location, secretKey: 'not-the-secret' });
    const unreadable = await catalog.request<{ code: string }>('POST', `/api/v1/packages/${wrongSecret.id}/source/refresh`);
    expect(unreadable.status).toBe(502);
    expect(unreadable.body.code).toBe('SOURCE_LOCATION_UNREADABLE');
  });

  it('re-imports on schedule once sourceRefreshMinutes have elapsed', async () => {
    await mkdir(join(root, 'scheduled'), { recursive: true });
    await writeFile(join(root, 'scheduled', 'run.cmd'), 'echo scheduled');
    const created = await newPackage({ type: 'directory', path: 'scheduled' }, 5);
    const refreshed = await eventually(async () => {
      const current = await catalog.request<PackageData>('GET', `/api/v1/packages/${created.id}`);
      return current.body.sourceVersion === 1 ? current.body : undefined;
    }, 30_000, 'scheduled refresh');
    expect(refreshed.fileCount).toBe(1);
  });
});
