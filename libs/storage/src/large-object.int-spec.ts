import { casKey } from './cas-key';
import { ContentStore } from './content-store';
import { copyVerified } from './copy-verified';
import { pseudoRandomStream, sha256OfStream } from '@sdp/testing-base';
import { allKeys, DP_ENDPOINT_URLS, dropBucket, freshStore, incompleteUploads, SOURCE_ENDPOINT_URL } from './test-support/s3-test-env';

const SIZE = 100 * 1024 * 1024;
const SEED = 'large-object';

describe('a 100 MiB object streamed through the store', () => {
  let source: ContentStore;
  let dp: ContentStore;

  beforeAll(async () => {
    // Default part size (8 MiB): the object goes up in 13 parts.
    source = await freshStore(SOURCE_ENDPOINT_URL, 'large-src');
    dp = await freshStore(DP_ENDPOINT_URLS[0], 'large-dp');
  });

  afterAll(async () => {
    await dropBucket(source);
    await dropBucket(dp);
  });

  it('is stored multipart under its sha256 and copied verified to a distribution point', async () => {
    const expected = await sha256OfStream(pseudoRandomStream(SIZE, SEED));

    const put = await source.putStream(pseudoRandomStream(SIZE, SEED), { size: SIZE });

    expect(put).toEqual({ ...expected, alreadyPresent: false });
    expect(await sha256OfStream(await source.getStream(casKey(expected.sha256)))).toEqual(expected);
    expect(await allKeys(source, 'tmp/')).toEqual([]);

    let reported = 0;
    const copied = await copyVerified(source, dp, expected.sha256, { size: SIZE, onProgress: (bytes) => (reported = bytes) });

    expect(copied).toEqual({ ...expected, bytesCopied: SIZE, alreadyPresent: false });
    expect(reported).toBe(SIZE);
    expect((await dp.stat(expected.sha256)).etag).toMatch(/-13$/);
    expect(await sha256OfStream(await dp.getStream(casKey(expected.sha256)))).toEqual(expected);
    expect(await incompleteUploads(dp)).toEqual([]);
  });
});
