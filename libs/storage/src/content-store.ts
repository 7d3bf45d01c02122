import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { assertSha256Hex, casKey, isSha256Hex, STAGING_PREFIX } from './cas-key';
import { assertContentMatches, ExpectedContent, isMissingObject, ObjectNotFoundError, s3ErrorCode } from './errors';
import { digestBody, meterBody, TransferOptions } from './metered-body';
import { choosePartSize, DEFAULT_PART_SIZE, MAX_PART_SIZE } from './part-size';
import { readParts } from './read-parts';
import { createMinioClient, DEFAULT_REGION, S3Endpoint } from './s3-endpoint';
import { MultipartUpload, UploadTarget } from './multipart-upload';
import { putSingle, StagedUpload, stageUpload } from './staged-upload';

const OCTET_STREAM = 'application/octet-stream';
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export interface ContentStoreOptions {
  /** Objects up to this size are sent in one PUT, larger ones in parts of this size. Default 8 MiB. */
  partSizeBytes?: number;
  /**
   * Server-side copies (tmp/ to cas/) up to this size are one CopyObject, larger ones go range by
   * range. Default and maximum 5 GiB, the CopyObject limit; smaller values exist for tests.
   */
  copyPartSizeBytes?: number;
}

export interface PutResult {
  sha256: string;
  size: number;
  /** True when the bytes were already stored and nothing new was written. */
  alreadyPresent: boolean;
}

export interface PutStreamOptions extends TransferOptions {
  expectedSha256?: string;
  size?: number;
}

export interface PutVerifiedOptions extends TransferOptions {
  size?: number;
  /** The caller asked the store a moment ago and the object was not there: skip the HEAD. */
  knownAbsent?: boolean;
}

/** A body, or a way to open one only when it is really needed (e.g. a GET on another store). */
export type BodySource = Readable | (() => Readable | Promise<Readable>);

export interface ObjectInfo {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface SweepResult {
  stagingObjectsRemoved: number;
  uploadsAborted: number;
}

/**
 * The platform's one content-addressed store, bound to one endpoint and bucket.
 * Layout: file bytes under `cas/sha256/<h[0:2]>/<h[2:4]>/<h>`, which only ever receive bytes whose
 * sha256 was verified before they became visible; anything else (manifests, commit marks) by
 * explicit key; `tmp/` holds staging objects of uploads whose hash is not known in advance.
 */
export class ContentStore {
  readonly bucket: string;
  readonly endpointUrl: string;
  private readonly client: Client;
  private readonly presignClient: Client;
  private readonly region: string;
  private readonly partSize: number;
  private readonly copyPartSize: number;
  private readonly uploadTarget: UploadTarget;

  constructor(endpoint: S3Endpoint, options: ContentStoreOptions = {}) {
    this.bucket = endpoint.bucket;
    this.endpointUrl = endpoint.endpoint;
    this.region = endpoint.region ?? DEFAULT_REGION;
    this.partSize = choosePartSize(options.partSizeBytes ?? DEFAULT_PART_SIZE);
    this.copyPartSize = choosePartSize(options.copyPartSizeBytes ?? MAX_PART_SIZE);
    this.client = createMinioClient(endpoint);
    this.presignClient = endpoint.publicEndpoint ? createMinioClient(endpoint, endpoint.publicEndpoint) : this.client;
    this.uploadTarget = {
      client: this.client,
      bucket: this.bucket,
      region: this.region,
      sendContentMd5: new URL(endpoint.endpoint).protocol === 'https:',
    };
  }

  toString(): string {
    return `s3://${this.bucket} at ${this.endpointUrl}`;
  }

  /** Creates the bucket unless it exists; a concurrent creator winning the race is fine. */
  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
    } catch (error) {
      const code = s3ErrorCode(error);
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
  }

  /** Readiness: one HEAD on the bucket proves the endpoint answers, the credentials sign and the bucket is there. */
  async ping(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      throw new Error(`bucket ${this.bucket} does not exist at ${this.endpointUrl}`);
    }
  }

  /**
   * Stores a body of unknown or claimed hash, reading and hashing every byte of it.
   * - With `expectedSha256`: when the object exists the body is only hashed, to verify the claim;
   *   otherwise it is uploaded straight to its final key, which appears only after verification.
   * - Without: bodies up to one part are hashed in memory and PUT to their final key (or dropped
   *   when already stored); larger ones go to a `tmp/` key, then are copied into place server-side
   *   unless the hash turns out to be stored already.
   * Throws IntegrityError when the bytes differ from `expectedSha256` or `size`; nothing is then
   * written under `cas/`.
   */
  async putStream(body: Readable, options: PutStreamOptions = {}): Promise<PutResult> {
    const { expectedSha256, size, ...transfer } = options;
    const expected: ExpectedContent = { sha256: expectedSha256, size };
    if (expectedSha256 === undefined) {
      return this.ingest(body, `${STAGING_PREFIX}${randomUUID()}`, expected, transfer);
    }
    assertSha256Hex(expectedSha256);
    if (await this.exists(expectedSha256)) {
      const actual = await digestBody(body, transfer);
      assertContentMatches(expected, actual);
      return { ...actual, alreadyPresent: true };
    }
    return this.ingest(body, casKey(expectedSha256), expected, transfer);
  }

  /**
   * Stores bytes whose hash is known up front, at the cost of one HEAD when they are already
   * there: then the body is not read at all (an opener is not even called; a stream passed
   * directly is left untouched for the caller to drain or destroy). Otherwise the body is streamed
   * straight to its final key and committed only if it hashes to `sha256`.
   */
  async putVerified(body: BodySource, sha256: string, options: PutVerifiedOptions = {}): Promise<PutResult> {
    assertSha256Hex(sha256);
    const { size, knownAbsent, ...transfer } = options;
    const present = knownAbsent ? undefined : await this.statOrUndefined(casKey(sha256));
    if (present) return { sha256, size: present.size, alreadyPresent: true };
    const stream = typeof body === 'function' ? await body() : body;
    return this.ingest(stream, casKey(sha256), { sha256, size }, transfer);
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.statOrUndefined(casKey(sha256))) !== undefined;
  }

  /** Size and ETag of a stored object, named by its sha256 or by its key. */
  async stat(sha256OrKey: string): Promise<ObjectInfo> {
    const key = isSha256Hex(sha256OrKey) ? casKey(sha256OrKey) : sha256OrKey;
    const info = await this.statOrUndefined(key);
    if (!info) throw new ObjectNotFoundError(this.bucket, key);
    return info;
  }

  async getStream(key: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      throw this.mapMissing(error, key);
    }
  }

  /** Writes bytes under an explicit key; `cas/` and `tmp/` are reserved for verified content. */
  async putBytes(key: string, bytes: Buffer | Uint8Array | string, contentType = OCTET_STREAM): Promise<void> {
    assertExplicitKey(key);
    const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    await putSingle(this.uploadTarget, key, body, contentType);
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.putBytes(key, JSON.stringify(value), 'application/json');
  }

  /** Parsed JSON, unvalidated: the caller owns the schema. */
  async getJson(key: string): Promise<unknown> {
    return JSON.parse((await this.getBytes(key)).toString('utf8'));
  }

  /** An object's bytes, read whole into memory: for small objects such as manifests. */
  async getBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.getStream(key)) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /** Deleting a key that does not exist is not an error (S3 semantics). */
  async delete(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  async *listKeys(prefix = ''): AsyncGenerator<string> {
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      if (item.name !== undefined) yield item.name;
    }
  }

  /** A GET URL for one object, signed for the public endpoint, valid for `expirySeconds`. */
  async presignedGet(key: string, expirySeconds = 900): Promise<string> {
    if (!Number.isInteger(expirySeconds) || expirySeconds < 1 || expirySeconds > MAX_PRESIGN_SECONDS) {
      throw new RangeError(`expiry must be 1..${MAX_PRESIGN_SECONDS} seconds, got ${expirySeconds}`);
    }
    return this.presignClient.presignedGetObject(this.bucket, key, expirySeconds);
  }

  /**
   * Removes what crashed uploads leave: `tmp/` objects and incomplete multipart uploads started
   * before `olderThan`. Pick a cutoff well beyond the longest upload, or live uploads are cut.
   */
  async sweepAbandoned(olderThan: Date): Promise<SweepResult> {
    let stagingObjectsRemoved = 0;
    for await (const item of this.client.listObjectsV2(this.bucket, STAGING_PREFIX, true)) {
      if (item.name !== undefined && item.lastModified < olderThan) {
        await this.client.removeObject(this.bucket, item.name);
        stagingObjectsRemoved++;
      }
    }
    let uploadsAborted = 0;
    for await (const upload of this.client.listIncompleteUploads(this.bucket, '', true)) {
      // The XML carries Initiated and minio passes it through, but its typings omit it.
      const initiated = (upload as { initiated?: Date }).initiated;
      if (initiated !== undefined && initiated < olderThan) {
        await this.client.abortMultipartUpload(this.bucket, upload.key, upload.uploadId);
        uploadsAborted++;
      }
    }
    return { stagingObjectsRemoved, uploadsAborted };
  }

  private async ingest(body: Readable, stagingKey: string, expected: ExpectedContent, transfer: TransferOptions): Promise<PutResult> {
    const partSize = choosePartSize(this.partSize, expected.size);
    const meter = meterBody(body, transfer);
    const staged = await stageUpload(this.uploadTarget, stagingKey, readParts(meter, partSize));
    const actual = { sha256: meter.sha256, size: meter.bytes };
    try {
      assertContentMatches(expected, actual);
    } catch (error) {
      if (staged.kind === 'multipart') await staged.discard();
      throw error;
    }
    return this.commit(staged, stagingKey, actual);
  }

  private async commit(staged: StagedUpload, stagingKey: string, actual: { sha256: string; size: number }): Promise<PutResult> {
    const finalKey = casKey(actual.sha256);
    // Staging under the final key means the hash was known and its absence already checked.
    const absenceChecked = stagingKey === finalKey;
    if (staged.kind === 'inline') {
      if (!absenceChecked && (await this.exists(actual.sha256))) return { ...actual, alreadyPresent: true };
      await putSingle(this.uploadTarget, finalKey, staged.body, OCTET_STREAM);
      return { ...actual, alreadyPresent: false };
    }
    if (absenceChecked) {
      await staged.complete();
      return { ...actual, alreadyPresent: false };
    }
    let alreadyPresent: boolean;
    try {
      alreadyPresent = await this.exists(actual.sha256);
    } catch (error) {
      await staged.discard();
      throw error;
    }
    if (alreadyPresent) {
      await staged.discard();
      return { ...actual, alreadyPresent: true };
    }
    await staged.complete();
    try {
      await this.copyWithinBucket(stagingKey, finalKey, actual.size);
    } finally {
      // A staging object that survives is garbage for sweepAbandoned, not a reason to fail the put.
      await this.client.removeObject(this.bucket, stagingKey).catch(() => undefined);
    }
    return { ...actual, alreadyPresent: false };
  }

  /**
   * One CopyObject up to `copyPartSize` (S3 refuses CopyObject above 5 GiB); above it a multipart
   * upload whose parts are UploadPartCopy ranges, so the bytes never leave the server.
   */
  private async copyWithinBucket(sourceKey: string, targetKey: string, size: number): Promise<void> {
    if (size <= this.copyPartSize) {
      await this.client.copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: sourceKey }),
        new CopyDestinationOptions({ Bucket: this.bucket, Object: targetKey }),
      );
      return;
    }
    const upload = await MultipartUpload.start(this.uploadTarget, targetKey);
    try {
      for (let start = 0; start < size; start += this.copyPartSize) {
        await upload.copyPart(sourceKey, start, Math.min(start + this.copyPartSize, size) - 1);
      }
      await upload.complete();
    } catch (error) {
      await upload.abortQuietly();
      throw error;
    }
  }

  private async statOrUndefined(key: string): Promise<ObjectInfo | undefined> {
    try {
      const stat = await this.client.statObject(this.bucket, key);
      return { key, size: stat.size, etag: stat.etag, lastModified: stat.lastModified };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  private mapMissing(error: unknown, key: string): unknown {
    return isMissingObject(error) ? new ObjectNotFoundError(this.bucket, key, { cause: error }) : error;
  }
}

function assertExplicitKey(key: string): void {
  if (key === '' || key.startsWith('/')) {
    throw new TypeError(`object key must be non-empty and relative: ${JSON.stringify(key)}`);
  }
  if (key.startsWith('cas/') || key.startsWith(STAGING_PREFIX)) {
    throw new TypeError(`keys under cas/ and tmp/ only take verified content, not ${key}`);
  }
}
