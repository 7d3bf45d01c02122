import { Readable } from 'node:stream';
import { casKey } from './cas-key';
import { ContentStore } from './content-store';
import { IntegrityError, ObjectNotFoundError } from './errors';
import { pseudoRandomStream, sha256Of, sha256OfStream } from '@sdp/testing-base';
import { allKeys, dropBucket, freshStore, incompleteUploads, rawClient, SOURCE_ENDPOINT_URL, testEndpoint } from './test-support/s3-test-env';

const MiB = 1024 * 1024;
// The smallest part size S3 allows, so a 12 MiB body already takes the multipart path.
const PART_SIZE = 5 * MiB;

describe('ContentStore against S3Proxy', () => {
  let store: ContentStore;

  beforeAll(async () => {
    store = await freshStore(SOURCE_ENDPOINT_URL, 'store', { partSizeBytes: PART_SIZE });
  });

  afterAll(async () => {
    await dropBucket(store);
  });

  it('round-trips bytes through putStream, exists, stat and getStream', async () => {
    const bytes = Buffer.from('hello content-addressed world\n');
    const sha256 = sha256Of(bytes);

    expect(await store.exists(sha256)).toBe(false);
    const put = await store.putStream(Readable.from([bytes]));

    expect(put).toEqual({ sha256, size: bytes.length, alreadyPresent: false });
    expect(await store.exists(sha256)).toBe(true);
    const stat = await store.stat(sha256);
    expect(stat).toMatchObject({ key: casKey(sha256), size: bytes.length });
    expect(stat.etag).not.toBe('');
    expect(await store.stat(casKey(sha256))).toMatchObject({ size: bytes.length });
    expect(await sha256OfStream(await store.getStream(casKey(sha256)))).toEqual({ sha256, size: bytes.length });
  });

  it('skips the HEAD for an object the caller knows is absent', async () => {
    const bytes = Buffer.from('known to be absent');
    const head = jest.spyOn(store['client'], 'statObject');

    const put = await store.putVerified(Readable.from([bytes]), sha256Of(bytes), { knownAbsent: true, size: bytes.length });

    expect(head).not.toHaveBeenCalled();
    head.mockRestore();
    expect(put).toEqual({ sha256: sha256Of(bytes), size: bytes.length, alreadyPresent: false });
    expect(await allKeys(store, 'cas/')).toContain(casKey(sha256Of(bytes)));
  });

  it('stores identical bytes once, single-part and multipart alike', async () => {
    for (const size of [3 * MiB, 12 * MiB]) {
      const seed = `dedupe-${size}`;
      const first = await store.putStream(pseudoRandomStream(size, seed));
      const second = await store.putStream(pseudoRandomStream(size, seed));

      expect(first.alreadyPresent).toBe(false);
      expect(second).toEqual({ ...first, alreadyPresent: true });
      expect((await allKeys(store, 'cas/')).filter((key) => key === casKey(first.sha256))).toHaveLength(1);
      expect(await sha256OfStream(await store.getStream(casKey(first.sha256)))).toEqual({ sha256: first.sha256, size });
    }
    expect(await allKeys(store, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(store)).toEqual([]);
  });

  it('moves a staged object larger than one copy range into place range by range', async () => {
    const ranged = await freshStore(SOURCE_ENDPOINT_URL, 'ranged', { partSizeBytes: PART_SIZE, copyPartSizeBytes: PART_SIZE });
    try {
      const expected = await sha256OfStream(pseudoRandomStream(12 * MiB, 'ranged'));

      const put = await ranged.putStream(pseudoRandomStream(12 * MiB, 'ranged'));

      expect(put).toEqual({ ...expected, alreadyPresent: false });
      expect(await sha256OfStream(await ranged.getStream(casKey(put.sha256)))).toEqual(expected);
      // Three UploadPartCopy ranges of 5, 5 and 2 MiB.
      expect((await ranged.stat(put.sha256)).etag).toMatch(/-3$/);
      expect(await allKeys(ranged, 'tmp/')).toEqual([]);
      expect(await incompleteUploads(ranged)).toEqual([]);
    } finally {
      await dropBucket(ranged);
    }
  });

  it('with a known hash uploads straight to the final key and verifies existing content too', async () => {
    const { sha256, size } = await sha256OfStream(pseudoRandomStream(11 * MiB, 'known-hash'));

    const put = await store.putStream(pseudoRandomStream(size, 'known-hash'), { expectedSha256: sha256, size });
    const again = await store.putStream(pseudoRandomStream(size, 'known-hash'), { expectedSha256: sha256 });

    expect(put).toEqual({ sha256, size, alreadyPresent: false });
    expect(again).toEqual({ sha256, size, alreadyPresent: true });
    // A three-part ETag: the object was assembled by its own multipart upload, not copied from tmp/.
    expect((await store.stat(sha256)).etag).toMatch(/-3$/);
    await expect(store.putStream(pseudoRandomStream(size, 'not-it'), { expectedSha256: sha256 })).rejects.toBeInstanceOf(IntegrityError);
    expect(await store.stat(sha256)).toMatchObject({ size });
  });

  it.each([
    ['single-part', 1 * MiB],
    ['multipart', 12 * MiB],
  ])('refuses %s bytes that do not match expectedSha256 and writes nothing under cas/', async (_label, size) => {
    const wrongSha256 = sha256Of(`something else ${size}`);
    const before = await allKeys(store, 'cas/');

    const attempt = store.putStream(pseudoRandomStream(size, `wrong-${size}`), { expectedSha256: wrongSha256 });

    await expect(attempt).rejects.toBeInstanceOf(IntegrityError);
    await expect(attempt).rejects.toMatchObject({ expected: { sha256: wrongSha256 }, actual: { size } });
    expect(await allKeys(store, 'cas/')).toEqual(before);
    expect(await allKeys(store, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(store)).toEqual([]);
  });

  it('refuses bytes of the wrong size without a hash to check', async () => {
    const before = await allKeys(store, 'cas/');

    const attempt = store.putStream(pseudoRandomStream(12 * MiB, 'short'), { size: 12 * MiB + 1 });

    await expect(attempt).rejects.toMatchObject({ name: 'IntegrityError', expected: { size: 12 * MiB + 1 }, actual: { size: 12 * MiB } });
    expect(await allKeys(store, 'cas/')).toEqual(before);
    expect(await allKeys(store, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(store)).toEqual([]);
  });

  it('rejects with the body error when the body fails half-way, leaving no parts behind', async () => {
    const failing = Readable.from(
      (async function* () {
        yield* pseudoRandomStream(12 * MiB, 'failing');
        throw new Error('upstream connection reset');
      })(),
    );
    const before = await allKeys(store, 'cas/');
    const abort = jest.spyOn(store['client'], 'abortMultipartUpload');

    await expect(store.putStream(failing)).rejects.toThrow('upstream connection reset');
    expect(abort).toHaveBeenCalledTimes(1);
    abort.mockRestore();
    expect(await allKeys(store, 'cas/')).toEqual(before);
    expect(await allKeys(store, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(store)).toEqual([]);
  });

  it('putVerified does not even open the body when the object is present', async () => {
    const bytes = Buffer.from('put verified');
    const sha256 = sha256Of(bytes);
    const open = jest.fn(() => Readable.from([bytes]));

    const first = await store.putVerified(open, sha256, { size: bytes.length });
    const second = await store.putVerified(open, sha256);

    expect(first).toEqual({ sha256, size: bytes.length, alreadyPresent: false });
    expect(second).toEqual({ sha256, size: bytes.length, alreadyPresent: true });
    expect(open).toHaveBeenCalledTimes(1);
    await expect(store.putVerified(Readable.from([Buffer.from('other')]), sha256Of('absent'))).rejects.toBeInstanceOf(IntegrityError);
    expect(await store.exists(sha256Of('absent'))).toBe(false);
  });

  it('stores JSON and bytes by explicit key, lists, deletes and maps missing objects', async () => {
    const manifest = { packageId: 'p-1', version: 3, files: [{ path: 'setup.exe', size: 12 }] };
    await store.putJson('manifests/p-1/3.json', manifest);
    await store.putBytes('manifests/p-1/readme.txt', 'plain text');

    expect(await store.getJson('manifests/p-1/3.json')).toEqual(manifest);
    expect((await sha256OfStream(await store.getStream('manifests/p-1/readme.txt'))).sha256).toBe(sha256Of('plain text'));
    expect(await allKeys(store, 'manifests/p-1/')).toEqual(['manifests/p-1/3.json', 'manifests/p-1/readme.txt']);

    await store.delete('manifests/p-1/readme.txt');
    await store.delete('manifests/p-1/never-existed');

    expect(await allKeys(store, 'manifests/p-1/')).toEqual(['manifests/p-1/3.json']);
    await expect(store.getStream('manifests/p-1/readme.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.stat('manifests/p-1/readme.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.getJson('manifests/nope.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.putBytes(casKey(sha256Of('x')), 'x')).rejects.toThrow(TypeError);
  });

  it('sweeps staging objects and unfinished uploads older than the cutoff', async () => {
    await rawClient(store).putObject(store.bucket, 'tmp/crashed-put', Buffer.from('left behind'));
    await rawClient(store).initiateNewMultipartUpload(store.bucket, casKey(sha256Of('crashed copy')), {});

    const nothingYet = await store.sweepAbandoned(new Date(Date.now() - 3_600_000));
    const swept = await store.sweepAbandoned(new Date(Date.now() + 60_000));

    expect(nothingYet).toEqual({ stagingObjectsRemoved: 0, uploadsAborted: 0 });
    expect(swept).toEqual({ stagingObjectsRemoved: 1, uploadsAborted: 1 });
    expect(await allKeys(store, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(store)).toEqual([]);
  });
});

describe('ContentStore bucket handling', () => {
  it('creates a bucket idempotently, also when racing itself, and pings it', async () => {
    const store = new ContentStore(testEndpoint(SOURCE_ENDPOINT_URL, `sdp-test-race-${Date.now().toString(36)}`));
    try {
      await Promise.all([store.ensureBucket(), store.ensureBucket(), store.ensureBucket()]);
      await store.ensureBucket();
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await dropBucket(store);
    }
  });

  it('fails ping for a missing bucket and for wrong credentials', async () => {
    const missing = new ContentStore(testEndpoint(SOURCE_ENDPOINT_URL, 'sdp-test-never-created'));
    const wrongSecret = new ContentStore(testEndpoint(SOURCE_ENDPOINT_URL, 'sdp-test-never-created', { secretKey: 'wrong' }));

    await expect(missing.ping()).rejects.toThrow(/does not exist/);
    await expect(wrongSecret.ping()).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});
