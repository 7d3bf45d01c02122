import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Client } from 'minio';
import { MAX_PART_COUNT } from './part-size';

/** Where uploads go: a client for one endpoint and a bucket on it. */
export interface UploadTarget {
  client: Client;
  bucket: string;
  region: string;
  /** Over https minio signs UNSIGNED-PAYLOAD, so parts need Content-MD5 for the server to check them. */
  sendContentMd5: boolean;
}

/**
 * One S3 multipart upload driven part by part, so the caller decides when (and whether) it is
 * completed. Built on the client's request primitive because minio only exposes whole-object
 * uploads and a copy-part call whose reply parser does not accept S3Proxy's answer.
 */
export class MultipartUpload {
  private readonly etags: { part: number; etag: string }[] = [];
  private partCount = 0;

  private constructor(
    private readonly target: UploadTarget,
    private readonly key: string,
    private readonly uploadId: string,
  ) {}

  static async start(target: UploadTarget, key: string): Promise<MultipartUpload> {
    const uploadId = await target.client.initiateNewMultipartUpload(target.bucket, key, {
      'Content-Type': 'application/octet-stream',
    });
    return new MultipartUpload(target, key, uploadId);
  }

  /** Starts sending one part; the returned promise is pre-handled so it may settle unobserved. */
  sendPart(body: Buffer): Promise<void> {
    const partNumber = this.nextPartNumber();
    const headers: Record<string, string> = {};
    if (this.target.sendContentMd5) {
      headers['Content-MD5'] = createHash('md5').update(body).digest('base64');
    }
    const sending = this.putPart(partNumber, headers, body).then(async (response) => {
      await readReply(response);
      this.etags.push({ part: partNumber, etag: unquote(String(response.headers.etag ?? '')) });
    });
    sending.catch(() => undefined);
    return sending;
  }

  /** UploadPartCopy of bytes [start, end] of another object in the same bucket. */
  async copyPart(sourceKey: string, start: number, end: number): Promise<void> {
    const partNumber = this.nextPartNumber();
    const response = await this.putPart(
      partNumber,
      {
        'x-amz-copy-source': encodeURI(`${this.target.bucket}/${sourceKey}`),
        'x-amz-copy-source-range': `bytes=${start}-${end}`,
      },
      '',
    );
    const reply = await readReply(response);
    // S3 answers CopyPartResult; S3Proxy answers CopyObjectResult. Both carry the ETag.
    const etag = /<ETag>([^<]*)<\/ETag>/.exec(reply)?.[1];
    if (etag === undefined) {
      throw new Error(`UploadPartCopy of ${sourceKey} returned no ETag: ${reply.slice(0, 200)}`);
    }
    this.etags.push({ part: partNumber, etag: unquote(etag.replace(/&quot;/g, '"')) });
  }

  async complete(): Promise<void> {
    const inOrder = [...this.etags].sort((a, b) => a.part - b.part);
    await this.target.client.completeMultipartUpload(this.target.bucket, this.key, this.uploadId, inOrder);
  }

  /**
   * Runs on failure paths, where the original error is what the caller must see; an upload that
   * cannot be aborted only leaves invisible parts behind, never an object.
   */
  async abortQuietly(): Promise<void> {
    await this.target.client.abortMultipartUpload(this.target.bucket, this.key, this.uploadId).catch(() => undefined);
  }

  private nextPartNumber(): number {
    if (this.partCount === MAX_PART_COUNT) {
      throw new RangeError(`object needs more than ${MAX_PART_COUNT} parts; raise the part size`);
    }
    return ++this.partCount;
  }

  private putPart(partNumber: number, headers: Record<string, string>, body: Buffer | string): Promise<IncomingMessage> {
    const query = new URLSearchParams({ partNumber: String(partNumber), uploadId: this.uploadId }).toString();
    return this.target.client.makeRequestAsync(
      { method: 'PUT', bucketName: this.target.bucket, objectName: this.key, query, headers },
      body,
      [200],
      this.target.region,
    );
  }
}

/** Reads a reply to its end, which also frees the keep-alive socket for the next request. */
async function readReply(response: IncomingMessage): Promise<string> {
  let reply = '';
  for await (const chunk of response) reply += String(chunk);
  return reply;
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}
