import { randomBytes } from 'node:crypto';
import type { Client } from 'minio';
import { ContentStore, ContentStoreOptions } from '../content-store';
import { createMinioClient, S3Endpoint } from '../s3-endpoint';

/** The local stack's S3Proxy instances: the source store and the distribution points. */
export const SOURCE_ENDPOINT_URL = process.env['SOURCE_S3_ENDPOINT'] ?? 'http://127.0.0.1:9000';
export const DP_ENDPOINT_URLS = (process.env['DP_S3_ENDPOINTS'] ?? 'http://127.0.0.1:9101,http://127.0.0.1:9102').split(',');
const ACCESS_KEY = process.env['SOURCE_S3_ACCESS_KEY'] ?? 'sdp-local';
const SECRET_KEY = process.env['SOURCE_S3_SECRET_KEY'] ?? 'sdp-local-secret';

/** Lower-case, unique per call, so parallel and repeated runs never share a bucket. */
export function uniqueBucketName(purpose: string): string {
  return `sdp-test-${purpose}-${randomBytes(5).toString('hex')}`;
}

export function testEndpoint(endpointUrl: string, bucket: string, overrides: Partial<S3Endpoint> = {}): S3Endpoint {
  return { endpoint: endpointUrl, bucket, region: 'us-east-1', accessKey: ACCESS_KEY, secretKey: SECRET_KEY, ...overrides };
}

/** Creates a store on a fresh bucket; pair with dropBucket in afterAll. */
export async function freshStore(endpointUrl: string, purpose: string, options?: ContentStoreOptions): Promise<ContentStore> {
  const store = new ContentStore(testEndpoint(endpointUrl, uniqueBucketName(purpose)), options);
  await store.ensureBucket();
  return store;
}

/** A client of its own on the store's endpoint, to act behind the store's back. */
export function rawClient(store: ContentStore): Client {
  return createMinioClient(testEndpoint(store.endpointUrl, store.bucket));
}

/** Empties a test bucket (objects and unfinished uploads) and removes it. */
export async function dropBucket(store: ContentStore): Promise<void> {
  const client = rawClient(store);
  if (!(await client.bucketExists(store.bucket))) return;
  for (const upload of await listIncompleteUploads(client, store.bucket)) {
    await client.abortMultipartUpload(store.bucket, upload.key, upload.uploadId);
  }
  for await (const key of store.listKeys()) {
    await client.removeObject(store.bucket, key);
  }
  await client.removeBucket(store.bucket);
}

export async function incompleteUploads(store: ContentStore): Promise<{ key: string; uploadId: string }[]> {
  return listIncompleteUploads(rawClient(store), store.bucket);
}

async function listIncompleteUploads(client: Client, bucket: string): Promise<{ key: string; uploadId: string }[]> {
  const uploads: { key: string; uploadId: string }[] = [];
  for await (const upload of client.listIncompleteUploads(bucket, '', true)) {
    uploads.push({ key: upload.key, uploadId: upload.uploadId });
  }
  return uploads;
}

export async function allKeys(store: ContentStore, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.listKeys(prefix)) keys.push(key);
  return keys;
}
