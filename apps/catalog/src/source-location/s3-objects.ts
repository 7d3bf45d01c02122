import type { Readable } from 'node:stream';
import { createMinioClient } from '@sdp/storage';
import type { SourceObject } from '../source/object-importer';
import { SourceUnreadable } from './source-unreadable';

export interface S3Prefix {
  endpoint: string;
  bucket: string;
  prefix: string;
  region?: string;
  accessKey: string;
  secretKey: string;
}

const S3_SOURCE_MODE = 0o644;

/**
 * Every object under the prefix, named relative to it; folder markers (keys ending in /) are
 * skipped. Listing and reading failures become SourceUnreadable.
 */
export async function* s3Objects(location: S3Prefix): AsyncGenerator<SourceObject> {
  try {
    yield* listObjects(location);
  } catch (error) {
    throw new SourceUnreadable(error);
  }
}

async function* listObjects(location: S3Prefix): AsyncGenerator<SourceObject> {
  const client = createMinioClient({ endpoint: location.endpoint, bucket: location.bucket, region: location.region, accessKey: location.accessKey, secretKey: location.secretKey });
  for await (const item of client.listObjectsV2(location.bucket, location.prefix, true) as AsyncIterable<{ name?: string; size: number }>) {
    if (item.name === undefined || item.name.endsWith('/')) continue;
    const key = item.name;
    yield {
      name: key.slice(location.prefix.length).replace(/^\/+/, ''),
      size: item.size,
      mode: S3_SOURCE_MODE,
      open: async (): Promise<Readable> => {
        try {
          return await client.getObject(location.bucket, key);
        } catch (error) {
          throw new SourceUnreadable(error);
        }
      },
    };
  }
}
