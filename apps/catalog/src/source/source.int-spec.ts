import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { EventTypes, PackageData } from '@sdp/contracts';
import { ContentStore } from '@sdp/storage';
import { stackSettings, zipOf } from '@sdp/testing';
import fc from 'fast-check';
import { CatalogHarness, TopicReader } from '../test-support/catalog-harness';
import { collect, FixtureEntry, filledTarGz, sha256Of, tarOf } from '../test-support/tar-fixtures';
import { EXPANSION_ALLOWANCE_BYTES } from './expansion-limit';
import { SourceManifest } from './manifest';
import { PublishedVersion, SourceVersionView } from './source.service';

const MAX_PACKAGE_BYTES = 4 * 1024 * 1024;
/** The code each refusal of the hostile-archive tests answers with: every 422 among them is a refused entry. */
const REFUSAL_CODES: Record<number, string> = { 400: 'ARCHIVE_UNREADABLE', 413: 'SOURCE_TOO_LARGE', 422: 'SOURCE_ENTRY_REFUSED' };

describe('package source upload (real PostgreSQL, Kafka, S3)', () => {
  let catalog: CatalogHarness;
  let reader: TopicReader;
  let store: ContentStore;

  beforeAll(async () => {
    catalog = await CatalogHarness.start({ CATALOG_MAX_PACKAGE_BYTES: String(MAX_PACKAGE_BYTES) });
    reader = await TopicReader.start();
    store = new ContentStore({
      endpoint: stackSettings.sourceS3Endpoint,
      bucket: catalog.service.env.SOURCE_S3_BUCKET!,
      accessKey: stackSettings.s3AccessKey,
      secretKey: stackSettings.s3SecretKey,
    });
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  async function newPackage(hasSource = true): Promise<string> {
    const response = await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'Source test', hasSource });
    return response.body.id;
  }

  async function versions(packageId: string): Promise<SourceVersionView[]> {
    return (await catalog.request<{ items: SourceVersionView[] }>('GET', `/api/v1/packages/${packageId}/source-versions`)).body.items;
  }

  async function casObjectCount(): Promise<number> {
    let count = 0;
    for await (const _key of store.listKeys('cas/')) count += 1;
    return count;
  }

  const folder: FixtureEntry[] = [
    { name: './', type: 'directory' },
    { name: './setup.exe', content: Buffer.alloc(2 * 1024 * 1024, 3), mode: 0o755 },
    { name: './data/', type: 'directory' },
    { name: './data/a.txt', content: 'shared text' },
    { name: './data/b.txt', content: 'version one' },
  ];

  it('publishes version 1, stores each object once and serves the manifest', async () => {
    const packageId = await newPackage();
    const response = await catalog.upload<PublishedVersion>(packageId, await tarOf(folder));
    expect(response.status).toBe(201);
    const total = 2 * 1024 * 1024 + 11 + 11;
    expect(response.body).toEqual({ version: 1, fileCount: 3, sizeBytes: total, manifestDigest: expect.stringMatching(/^[0-9a-f]{64}$/), newBytes: total });

    const manifest = await catalog.request<SourceManifest & { manifestDigest: string }>('GET', `/api/v1/packages/${packageId}/source-versions/1`);
    expect(manifest.body.files).toEqual([
      { path: 'data/a.txt', size: 11, sha256: sha256Of('shared text'), mode: 0o644 },
      { path: 'data/b.txt', size: 11, sha256: sha256Of('version one'), mode: 0o644 },
      { path: 'setup.exe', size: 2 * 1024 * 1024, sha256: sha256Of(Buffer.alloc(2 * 1024 * 1024, 3)), mode: 0o755 },
    ]);
    expect(manifest.body).toMatchObject({ packageId, version: 1, fileCount: 3, sizeBytes: total, manifestDigest: response.body.manifestDigest });
    const stored = await store.getStream(`manifests/${packageId}/1.json`);
    const hash = createHash('sha256');
    for await (const chunk of stored) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(response.body.manifestDigest);
    for (const file of manifest.body.files) {
      expect(await store.exists(file.sha256)).toBe(true);
    }

    const [published] = await reader.waitFor((e) => e.subject === packageId && e.type === EventTypes.catalog.sourceVersionPublished);
    expect(published.data).toMatchObject({ packageId, version: 1, manifestDigest: response.body.manifestDigest, fileCount: 3, sizeBytes: total, manifestLocation: `manifests/${packageId}/1.json` });
    await reader.waitFor((e) => e.subject === packageId && e.type === EventTypes.catalog.packageUpdated && (e.data as PackageData).sourceVersion === 1);
    expect((await catalog.request<PackageData>('GET', `/api/v1/packages/${packageId}`)).body).toMatchObject({ sourceVersion: 1, fileCount: 3, sizeBytes: total, manifestDigest: response.body.manifestDigest });

    const objectsBefore = await casObjectCount();
    const again = await catalog.upload<PublishedVersion>(packageId, await tarOf(folder, { gzip: true }), 'application/gzip');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ version: 2, newBytes: 0, fileCount: 3 });

    const changed = folder.map((entry) => (entry.name === './data/b.txt' ? { ...entry, content: 'version two!' } : entry));
    const third = await catalog.upload<PublishedVersion>(packageId, await tarOf(changed));
    expect(third.body).toMatchObject({ version: 3, newBytes: 12 });
    expect(await casObjectCount()).toBe(objectsBefore + 1);
    expect((await versions(packageId)).map((version) => [version.version, version.newBytes])).toEqual([
      [1, total],
      [2, 0],
      [3, 12],
    ]);
  });

  it('dedups across packages too', async () => {
    const packageId = await newPackage();
    const response = await catalog.upload<PublishedVersion>(packageId, await tarOf([{ name: 'a.txt', content: 'shared text' }]));
    expect(response.body).toMatchObject({ version: 1, newBytes: 0 });
  });

  it('refuses hostile and broken archives with 4xx and publishes nothing', async () => {
    const packageId = await newPackage();
    const valid = await tarOf([{ name: 'ok.txt', content: 'ok' }, { name: 'big.bin', content: Buffer.alloc(1024 * 1024 + 1, 9) }]);
    const cases: [string, Buffer, number][] = [
      ['path traversal', await tarOf([{ name: '../../etc/x', content: 'x' }]), 422],
      ['absolute name', await tarOf([{ name: '/etc/x', content: 'x' }]), 422],
      ['symlink out', await tarOf([{ name: 'ok', content: 'x' }, { name: 'evil', type: 'symlink', linkname: '../../etc/passwd' }]), 422],
      ['hard link', await tarOf([{ name: 'ok', content: 'x' }, { name: 'evil', type: 'link', linkname: '/etc/passwd' }]), 422],
      ['NUL in the name', await tarOf([{ name: 'a\u0000b', content: 'x', pax: {} }]), 422],
      ['control character', await tarOf([{ name: 'a\u001bb', content: 'x' }]), 422],
      ['duplicate path', await tarOf([{ name: 'a', content: 'x' }, { name: 'a', content: 'y' }]), 422],
      ['device', await tarOf([{ name: 'dev', type: 'block-device' }]), 422],
      ['truncated inside the big file', valid.subarray(0, 600_000), 400],
      ['truncated between entries', valid.subarray(0, valid.length - 1024 * 10), 400],
      ['not a tar', Buffer.from('{"hello": "world"}'), 400],
      ['over the size limit', await tarOf([{ name: 'huge', content: Buffer.alloc(MAX_PACKAGE_BYTES + 1) }]), 413],
    ];
    for (const [what, archive, status] of cases) {
      const response = await catalog.upload<{ statusCode: number; code: string; message: string }>(packageId, archive);
      expect({ what, status: response.status }).toEqual({ what, status });
      expect({ what, code: response.body.code }).toEqual({ what, code: REFUSAL_CODES[status] });
      expect(response.body.message).toEqual(expect.any(String));
    }
    expect(await versions(packageId)).toEqual([]);
    expect((await catalog.request<PackageData>('GET', `/api/v1/packages/${packageId}`)).body.sourceVersion).toBe(0);
    const wrongType = await catalog.upload<{ code: string }>(packageId, await tarOf([{ name: 'a', content: 'a' }]), 'text/plain');
    expect([wrongType.status, wrongType.body.code]).toEqual([415, 'ARCHIVE_TYPE_UNSUPPORTED']);
    expect((await catalog.upload(packageId, valid)).status).toBe(201);
  });

  it('publishes the same manifest, modes included, for the same folder sent as tar, tar.gz and zip', async () => {
    const script = '#!/bin/sh\necho installed\n';
    const big = Buffer.alloc(2 * 1024 * 1024, 4);
    const tarEntries: FixtureEntry[] = [
      { name: './', type: 'directory' },
      { name: './install.sh', content: script, mode: 0o755 },
      { name: './bin/', type: 'directory' },
      { name: './bin/tool', content: big, mode: 0o750 },
      { name: './conf/', type: 'directory' },
      { name: './conf/settings.ini', content: 'a=1' },
      { name: './conf/secret', content: 's', mode: 0o600 },
    ];
    const zip = zipOf([
      { name: 'install.sh', content: script, mode: 0o755 },
      { name: 'bin/' },
      { name: 'bin/tool', content: big, mode: 0o750 },
      { name: 'conf/' },
      { name: 'conf/settings.ini', content: 'a=1', method: 'store' },
      { name: 'conf/secret', content: 's', mode: 0o600 },
    ]);
    const packageId = await newPackage();
    const uploads: [string, Buffer, string][] = [
      ['tar', await tarOf(tarEntries), 'application/x-tar'],
      ['tar.gz', await tarOf(tarEntries, { gzip: true }), 'application/gzip'],
      ['zip', zip, 'application/zip'],
      ['zip sent as octet-stream', zip, 'application/octet-stream'],
    ];
    const manifests: Record<string, SourceManifest['files']> = {};
    for (const [format, archive, contentType] of uploads) {
      const response = await catalog.upload<PublishedVersion>(packageId, archive, contentType);
      expect({ format, status: response.status }).toEqual({ format, status: 201 });
      manifests[format] = (await catalog.request<SourceManifest>('GET', `/api/v1/packages/${packageId}/source-versions/${response.body.version}`)).body.files;
    }
    expect(manifests.tar).toEqual([
      { path: 'bin/tool', size: big.length, sha256: sha256Of(big), mode: 0o750 },
      { path: 'conf/secret', size: 1, sha256: sha256Of('s'), mode: 0o600 },
      { path: 'conf/settings.ini', size: 3, sha256: sha256Of('a=1'), mode: 0o644 },
      { path: 'install.sh', size: script.length, sha256: sha256Of(script), mode: 0o755 },
    ]);
    expect(manifests['tar.gz']).toEqual(manifests.tar);
    expect(manifests.zip).toEqual(manifests.tar);
    expect(manifests['zip sent as octet-stream']).toEqual(manifests.tar);
  });

  it("gives the files of a zip made on Windows 0755 when a program's command line names them or they look executable", async () => {
    const packageId = await newPackage();
    const program = await catalog.request('POST', `/api/v1/packages/${packageId}/programs`, { name: 'Install', commandLine: './setup --quiet', workingDirectory: 'bin' });
    expect(program.status).toBe(201);
    const zip = zipOf(
      [
        { name: 'bin/' },
        { name: 'bin/setup', content: 'no shebang, named by the command line' },
        { name: 'helper', content: '#!/bin/sh\ntrue\n' },
        { name: 'post.sh', content: 'true' },
        { name: 'readme.txt', content: 'read me' },
      ],
      { madeOn: 'windows' },
    );
    const response = await catalog.upload<PublishedVersion>(packageId, zip, 'application/zip');
    expect(response.status).toBe(201);
    const manifest = (await catalog.request<SourceManifest>('GET', `/api/v1/packages/${packageId}/source-versions/1`)).body;
    expect(manifest.files.map((file) => [file.path, file.mode])).toEqual([
      ['bin/setup', 0o755],
      ['helper', 0o755],
      ['post.sh', 0o755],
      ['readme.txt', 0o644],
    ]);
  });

  it('refuses hostile and broken zips with 4xx and keeps nothing of them', async () => {
    const packageId = await newPackage();
    const valid = zipOf([{ name: 'a.txt', content: 'a'.repeat(5000) }, { name: 'b.txt', content: 'only in the refused zips' }]);
    const directoryStart = valid.readUInt32LE(valid.length - 6);
    const objectsBefore = await casObjectCount();
    const cases: [string, Buffer, number][] = [
      ['path traversal', zipOf([{ name: '../../etc/x', content: 'x' }, { name: 'ok.txt', content: 'after the traversal' }]), 422],
      ['symlink entry', zipOf([{ name: 'evil', type: 'symlink', linkname: '../../etc/passwd' }, { name: 'ok.txt', content: 'after the symlink' }]), 422],
      ['truncated central directory', Buffer.concat([valid.subarray(0, directoryStart + 30), valid.subarray(valid.length - 22)]), 400],
      ['cut before the central directory', valid.subarray(0, directoryStart), 400],
      ['entry larger than declared', zipOf([{ name: 'bomb', content: Buffer.alloc(200_000), declaredSize: 100 }]), 400],
      ['declared over the size limit', zipOf([{ name: 'huge', content: 'x', declaredSize: MAX_PACKAGE_BYTES + 1 }]), 413],
    ];
    for (const [what, archive, status] of cases) {
      const response = await catalog.upload<{ statusCode: number; code: string; message: string }>(packageId, archive, 'application/zip');
      expect({ what, status: response.status }).toEqual({ what, status });
      expect({ what, code: response.body.code }).toEqual({ what, code: REFUSAL_CODES[status] });
      expect(response.body.message).toEqual(expect.any(String));
    }
    expect(await versions(packageId)).toEqual([]);
    expect((await catalog.request<PackageData>('GET', `/api/v1/packages/${packageId}`)).body.sourceVersion).toBe(0);
    // Each refusal came before the first file was stored: not one object is left behind.
    expect(await casObjectCount()).toBe(objectsBefore);
    expect((await catalog.upload(packageId, valid, 'application/zip')).status).toBe(201);
  });

  it('refuses paths that collide by letter case or Unicode normalization, and bidi controls, in tar and zip with 422, keeping nothing', async () => {
    const packageId = await newPackage();
    const keysBefore = await allKeys(store);
    const cases: [string, { name: string; content: string | Buffer }[], string[]][] = [
      ['case', [{ name: 'README.txt', content: 'upper' }, { name: 'readme.txt', content: 'lower' }], ['"README.txt"', '"readme.txt"', 'differ only by letter case']],
      ['case of a directory', [{ name: 'Docs/a.txt', content: 'a' }, { name: 'docs/b.txt', content: 'b' }], ['"Docs/a.txt"', '"docs/b.txt"', 'Docs and docs']],
      ['NFC', [{ name: 'cafe\u0301.txt', content: 'decomposed' }, { name: 'caf\u00e9.txt', content: 'composed' }], ['"cafe\u0301.txt"', '"caf\u00e9.txt"', 'Unicode-normalized (NFC)']],
      ['bidi override', [{ name: 'photo\u202egpj.exe', content: 'MZ' }], ['photo\\u202egpj.exe', 'U+202E']],
    ];
    for (const [what, entries, named] of cases) {
      // A file of its own stored first, so the refusal has something to take back.
      const withStoredFile = [{ name: 'aaa-first.bin', content: randomBytes(1024 * 1024 + 17) }, ...entries];
      for (const [format, archive, contentType] of [
        ['tar', await tarOf(withStoredFile), 'application/x-tar'],
        ['zip', zipOf(withStoredFile), 'application/zip'],
      ] as const) {
        const response = await catalog.upload<{ message: string }>(packageId, archive, contentType);
        expect({ what, format, status: response.status }).toEqual({ what, format, status: 422 });
        for (const text of named) expect({ what, format, message: response.body.message }).toEqual({ what, format, message: expect.stringContaining(text) });
      }
    }
    expect(await versions(packageId)).toEqual([]);
    expect(await allKeys(store)).toEqual(keysBefore);
  });

  it('refuses source for a command-only package with 409 and for an unknown package with 404', async () => {
    const commandOnly = await newPackage(false);
    const archive = await tarOf([{ name: 'a', content: 'a' }]);
    const refused = await catalog.upload<{ code: string }>(commandOnly, archive);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PACKAGE_COMMAND_ONLY');
    const unknown = await catalog.upload<{ code: string }>('S01FFFFF', archive);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PACKAGE_NOT_FOUND');
  });

  it('gives two concurrent uploads two consecutive versions, each complete', async () => {
    const packageId = await newPackage();
    const first = Array.from({ length: 40 }, (_, index) => ({ name: `first/${index}.txt`, content: `first ${index}` }));
    const second = Array.from({ length: 25 }, (_, index) => ({ name: `second/${index}.txt`, content: `second ${index}` }));
    const responses = await Promise.all([catalog.upload<PublishedVersion>(packageId, await tarOf(first)), catalog.upload<PublishedVersion>(packageId, await tarOf(second))]);
    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    expect(responses.map((response) => response.body.version).sort()).toEqual([1, 2]);
    for (const response of responses) {
      const manifest = (await catalog.request<SourceManifest>('GET', `/api/v1/packages/${packageId}/source-versions/${response.body.version}`)).body;
      const prefixes = new Set(manifest.files.map((file) => file.path.split('/')[0]));
      expect(prefixes.size).toBe(1);
      expect(manifest.fileCount).toBe(prefixes.has('first') ? 40 : 25);
    }
  });

  it('never answers 500 nor publishes a partial version for random and hostile archives (property)', async () => {
    const packageId = await newPackage();
    const name = fc.oneof(
      fc.constantFrom('a.txt', 'dir/b.txt', '../x', '/abs', 'a//b', './c', 'd/./e', 'x\u0000y', 'tab\there', 'caf\u0065\u0301', 'C:/win', 'a\\b', 'dir/', '.'),
      fc.string({ minLength: 1, maxLength: 40 }),
    );
    const entry = fc.record({
      name,
      content: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
      type: fc.constantFrom<FixtureEntry['type']>('file', 'file', 'file', 'directory', 'symlink', 'link', 'fifo'),
      linkname: fc.constantFrom('target', '../../etc/passwd'),
      pax: fc.option(fc.constant({}), { nil: undefined }),
    });
    const damage = fc.oneof(
      fc.constant((archive: Buffer) => archive),
      fc.nat().map((cut) => (archive: Buffer) => archive.subarray(0, cut % (archive.length + 1))),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => (archive: Buffer) => {
        const copy = Buffer.from(archive);
        if (copy.length > 0) copy[at % copy.length] = byte;
        return copy;
      }),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), damage, fc.boolean(), async (entries, spoil, gzip) => {
        let archive: Buffer;
        try {
          archive = spoil(await tarOf(entries, { gzip }));
        } catch {
          return;
        }
        const before = (await versions(packageId)).length;
        const response = await catalog.upload<PublishedVersion>(packageId, archive);
        const after = await versions(packageId);
        statuses.add(response.status);
        expect([201, 400, 413, 422]).toContain(response.status);
        if (response.status === 201) {
          expect(after.length).toBe(before + 1);
          const manifest = (await catalog.request<SourceManifest>('GET', `/api/v1/packages/${packageId}/source-versions/${response.body.version}`)).body;
          expect(manifest.fileCount).toBe(response.body.fileCount);
          for (const file of manifest.files) expect(await store.exists(file.sha256)).toBe(true);
        } else {
          expect(after.length).toBe(before);
        }
      }),
      // A fixed seed keeps the sample the same from run to run, so the check below that it
      // exercised both accepted and rejected archives cannot flip by chance.
      { numRuns: 60, seed: 20261125 },
    );
    expect(statuses.has(201) && [...statuses].some((status) => status >= 400)).toBe(true);
  });

  it('never answers 500 nor publishes a partial version for random and damaged zips (property)', async () => {
    const packageId = await newPackage();
    const entry = fc.record({
      name: fc.oneof(fc.constantFrom('a.txt', 'dir/b.txt', '../x', '/abs', 'a//b', 'dir/', 'x\u0000y', 'a\\b'), fc.string({ minLength: 1, maxLength: 30 })),
      content: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
      type: fc.constantFrom<'file' | 'directory' | 'symlink'>('file', 'file', 'file', 'directory', 'symlink'),
      method: fc.constantFrom<'deflate' | 'store'>('deflate', 'store'),
      mode: fc.constantFrom(0o644, 0o755, 0o600),
    });
    const damage = fc.oneof(
      fc.constant((archive: Buffer) => archive),
      fc.nat().map((cut) => (archive: Buffer) => archive.subarray(0, cut % (archive.length + 1))),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => (archive: Buffer) => {
        const copy = Buffer.from(archive);
        if (copy.length > 0) copy[at % copy.length] = byte;
        return copy;
      }),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), damage, fc.constantFrom<'unix' | 'windows'>('unix', 'windows'), async (entries, spoil, madeOn) => {
        const archive = spoil(zipOf(entries, { madeOn }));
        const before = (await versions(packageId)).length;
        const response = await catalog.upload<PublishedVersion>(packageId, archive, 'application/zip');
        statuses.add(response.status);
        expect([201, 400, 413, 422]).toContain(response.status);
        expect((await versions(packageId)).length).toBe(response.status === 201 ? before + 1 : before);
      }),
      { numRuns: 60, seed: 20261205 },
    );
    expect(statuses.has(201) && [...statuses].some((status) => status >= 400)).toBe(true);
  });
});

describe('decompression bombs (real PostgreSQL, Kafka, S3; default package limit and expansion ratio)', () => {
  const MiB = 1024 * 1024;
  let catalog: CatalogHarness;
  let store: ContentStore;

  beforeAll(async () => {
    catalog = await CatalogHarness.start();
    store = new ContentStore({
      endpoint: stackSettings.sourceS3Endpoint,
      bucket: catalog.service.env.SOURCE_S3_BUCKET!,
      accessKey: stackSettings.s3AccessKey,
      secretKey: stackSettings.s3SecretKey,
    });
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function newPackage(): Promise<string> {
    return (await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'Bomb test', hasSource: true })).body.id;
  }

  async function versionCount(packageId: string): Promise<number> {
    return (await catalog.request<{ items: SourceVersionView[] }>('GET', `/api/v1/packages/${packageId}/source-versions`)).body.items.length;
  }

  it('refuses a tar.gz of 2 GiB of zeros with 413 and keeps nothing, not even the files stored before it', async () => {
    const packageId = await newPackage();
    const keysBefore = await allKeys(store);
    // Made from a generator: the 2 GiB are never in memory, the upload is about 2 MB.
    const bomb = await collect(
      filledTarGz([
        { name: 'first.bin', size: 30 * MiB, fill: 1 },
        { name: 'second.bin', size: 30 * MiB, fill: 2 },
        { name: 'zeros.bin', size: 2 * 1024 * MiB, fill: 0 },
      ]),
    );
    const response = await catalog.upload<{ message: string }>(packageId, bomb, 'application/gzip');
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/^the archive expands more than 200 times its size \(\d+ MB from 0\.\d+ MB received\); if this package is genuine, raise CATALOG_MAX_EXPANSION_RATIO$/);
    expect(await versionCount(packageId)).toBe(0);
    expect(await allKeys(store)).toEqual(keysBefore);
    // Nor the parts of zeros.bin, whose upload was under way when the bomb was refused.
    expect(await store.sweepAbandoned(new Date(Date.now() + 60_000))).toEqual({ stagingObjectsRemoved: 0, uploadsAborted: 0 });
  });

  it('refuses a zip bomb with 413 and keeps nothing', async () => {
    const packageId = await newPackage();
    const keysBefore = await allKeys(store);
    const zeros = Buffer.alloc(40 * MiB);
    const bomb = zipOf([
      { name: 'ones.bin', content: Buffer.alloc(40 * MiB, 1) },
      { name: 'zeros-1.bin', content: zeros },
      { name: 'zeros-2.bin', content: zeros },
    ]);
    const response = await catalog.upload<{ message: string }>(packageId, bomb, 'application/zip');
    expect(response.status).toBe(413);
    expect(response.body.message).toContain('the archive expands more than 200 times its size (84 MB from 0.');
    expect(await versionCount(packageId)).toBe(0);
    expect(await allKeys(store)).toEqual(keysBefore);
  });

  it('publishes a genuine tar.gz of a real folder that expands well past the allowance', async () => {
    // The TypeScript compiler three times over: about 70 MB of JavaScript and declarations, which
    // gzip about 5:1, as compressible as real software gets.
    const root = dirname(require.resolve('typescript/package.json'));
    const files = await filesUnder(root);
    const entries: FixtureEntry[] = [];
    for (const copy of ['one', 'two', 'three']) {
      for (const file of files) entries.push({ name: `${copy}/${relative(root, file)}`, content: await readFile(file) });
    }
    const archive = await tarOf(entries, { gzip: true });
    const packageId = await newPackage();
    const response = await catalog.upload<PublishedVersion>(packageId, archive, 'application/gzip');
    expect(response.status).toBe(201);
    expect(response.body.fileCount).toBe(entries.length);
    expect(response.body.sizeBytes).toBeGreaterThan(EXPANSION_ALLOWANCE_BYTES);
    expect(response.body.sizeBytes / archive.length).toBeGreaterThan(3);
  });
});

async function allKeys(store: ContentStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.listKeys('')) keys.push(key);
  return keys.sort();
}

async function filesUnder(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
