import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while hashing and counting them, so a copy learns the digest of
 * exactly what it forwarded without holding the object anywhere.
 */
export class Sha256Meter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private digestHex: string | undefined;
  private byteCount = 0;

  /** @param onProgress called after each chunk with the total number of bytes passed so far */
  constructor(private readonly onProgress?: (bytesSoFar: number) => void) {
    super();
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** The digest of every byte that went through; only available once the stream has ended. */
  get sha256(): string {
    if (this.digestHex === undefined) {
      throw new Error('sha256 is only known after the stream has ended');
    }
    return this.digestHex;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    this.onProgress?.(this.byteCount);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digestHex = this.hash.digest('hex');
    callback();
  }
}
