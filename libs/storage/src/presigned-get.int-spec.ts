import { casKey } from './cas-key';
import { ContentStore } from './content-store';
import { pseudoRandomStream } from '@sdp/testing-base';
import { dropBucket, rawClient, SOURCE_ENDPOINT_URL, testEndpoint, uniqueBucketName } from './test-support/s3-test-env';

async function fetchBytes(url: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

describe('pre-signed GET URLs', () => {
  let store: ContentStore;
  let sha256: string;
  let otherSha256: string;

  beforeAll(async () => {
    store = new ContentStore(testEndpoint(SOURCE_ENDPOINT_URL, uniqueBucketName('presign'), { publicEndpoint: SOURCE_ENDPOINT_URL.replace('127.0.0.1', 'localhost') }));
    await store.ensureBucket();
    ({ sha256 } = await store.putStream(pseudoRandomStream(300_000, 'presigned')));
    ({ sha256: otherSha256 } = await store.putStream(pseudoRandomStream(1000, 'other')));
  });

  afterAll(async () => {
    await dropBucket(store);
  });

  it('serve the exact bytes to a plain HTTP client, from the public endpoint', async () => {
    const url = await store.presignedGet(casKey(sha256));

    expect(new URL(url).hostname).toBe('localhost');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
    const { status, body } = await fetchBytes(url);
    expect(status).toBe(200);
    expect(body).toHaveLength(300_000);
    expect(body).toEqual(Buffer.concat(await pseudoRandomStream(300_000, 'presigned').toArray()));
  });

  it('name one object: the same signature does not open another key', async () => {
    const url = await store.presignedGet(casKey(sha256), 60);
    const retargeted = url.replace(casKey(sha256), casKey(otherSha256));

    expect(retargeted).not.toBe(url);
    expect((await fetchBytes(retargeted)).status).toBe(403);
  });

  it('are refused when the signature or expiry is altered', async () => {
    const url = new URL(await store.presignedGet(casKey(sha256), 60));
    const forged = new URL(url);
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const extended = new URL(url);
    extended.searchParams.set('X-Amz-Expires', '604800');

    expect((await fetchBytes(forged.toString())).status).toBe(403);
    expect((await fetchBytes(extended.toString())).status).toBe(403);
  });

  it('stop working once expired', async () => {
    const signedLongAgo = new Date(Date.now() - 3_600_000);
    const url = await rawClient(store).presignedGetObject(store.bucket, casKey(sha256), 60, {}, signedLongAgo);

    expect((await fetchBytes(url)).status).toBe(403);
  });

  it('reject expiries outside 1 s .. 7 days', async () => {
    await expect(store.presignedGet(casKey(sha256), 0)).rejects.toThrow(RangeError);
    await expect(store.presignedGet(casKey(sha256), 604_801)).rejects.toThrow(RangeError);
  });
});
