import { Readable } from 'node:stream';
import { casKey } from './cas-key';
import { ContentStore } from './content-store';
import { copyVerified } from './copy-verified';
import { IntegrityError, ObjectNotFoundError } from './errors';
import { pseudoRandomStream, sha256Of, sha256OfStream } from '@sdp/testing-base';
import { allKeys, DP_ENDPOINT_URLS, dropBucket, freshStore, incompleteUploads, rawClient, SOURCE_ENDPOINT_URL } from './test-support/s3-test-env';

const MiB = 1024 * 1024;
const PART_SIZE = 5 * MiB;

describe('copyVerified between S3Proxy endpoints', () => {
  let source: ContentStore;
  let target: ContentStore;

  beforeAll(async () => {
    source = await freshStore(SOURCE_ENDPOINT_URL, 'copy-src', { partSizeBytes: PART_SIZE });
    target = await freshStore(DP_ENDPOINT_URLS[1], 'copy-dp', { partSizeBytes: PART_SIZE });
  });

  afterAll(async () => {
    await dropBucket(source);
    await dropBucket(target);
  });

  it('copies an object, reports progress, and skips it the second time', async () => {
    const { sha256, size } = await source.putStream(pseudoRandomStream(2 * MiB + 17, 'copy-small'));
    const progress: number[] = [];

    const first = await copyVerified(source, target, sha256, { size, onProgress: (bytes) => progress.push(bytes) });
    const second = await copyVerified(source, target, sha256, { size });

    expect(first).toEqual({ sha256, size, bytesCopied: size, alreadyPresent: false });
    expect(second).toEqual({ sha256, size, bytesCopied: 0, alreadyPresent: true });
    expect(progress.at(-1)).toBe(size);
    expect(await sha256OfStream(await target.getStream(casKey(sha256)))).toEqual({ sha256, size });
  });

  it('honours a rate limit without changing the bytes', async () => {
    const { sha256, size } = await source.putStream(pseudoRandomStream(12 * MiB, 'copy-throttled'));

    const copied = await copyVerified(source, target, sha256, { rateLimitBytesPerSec: 64 * MiB });

    expect(copied).toMatchObject({ sha256, bytesCopied: size });
    expect(await sha256OfStream(await target.getStream(casKey(sha256)))).toEqual({ sha256, size });
  });

  it.each([
    ['single-part', 1 * MiB],
    ['multipart', 12 * MiB],
  ])('refuses %s source bytes tampered with after they were stored', async (_label, size) => {
    const { sha256 } = await source.putStream(pseudoRandomStream(size, `tamper-${size}`));
    const { sha256: evilSha256 } = await sha256OfStream(pseudoRandomStream(size, `evil-${size}`));
    // Same size, other bytes, written behind the store's back with the raw client.
    await rawClient(source).putObject(source.bucket, casKey(sha256), pseudoRandomStream(size, `evil-${size}`), size);

    const attempt = copyVerified(source, target, sha256, { size });

    await expect(attempt).rejects.toBeInstanceOf(IntegrityError);
    await expect(attempt).rejects.toMatchObject({ expected: { sha256 }, actual: { sha256: evilSha256, size } });
    await expect(attempt).rejects.toThrow(new RegExp(`expected ${sha256} but was ${evilSha256}`));
    expect(await target.exists(sha256)).toBe(false);
    expect(await allKeys(target, 'cas/')).not.toContain(casKey(sha256));
    expect(await allKeys(target, 'tmp/')).toEqual([]);
    expect(await incompleteUploads(target)).toEqual([]);
  });

  it('reports a source that lacks the object', async () => {
    await expect(copyVerified(source, target, sha256Of('never stored'))).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('copies to every distribution point independently', async () => {
    const { sha256, size } = await source.putStream(Readable.from([Buffer.from('to every dp')]));
    const dps = await Promise.all(DP_ENDPOINT_URLS.map((url) => freshStore(url, 'copy-each')));
    try {
      const results = await Promise.all(dps.map((dp) => copyVerified(source, dp, sha256)));

      expect(results.map((result) => result.bytesCopied)).toEqual(dps.map(() => size));
      for (const dp of dps) {
        expect(await dp.stat(sha256)).toMatchObject({ size });
      }
    } finally {
      await Promise.all(dps.map((dp) => dropBucket(dp)));
    }
  });
});
