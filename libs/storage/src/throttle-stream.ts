import { Transform, TransformCallback } from 'node:stream';
import { ByteRateLimiter } from './byte-rate-limiter';

/** Holds chunks back so the bytes leaving it do not exceed a rate; backpressure does the rest. */
export class ThrottleStream extends Transform {
  private readonly limiter: ByteRateLimiter;
  private pending: NodeJS.Timeout | undefined;

  constructor(bytesPerSecond: number) {
    super();
    this.limiter = new ByteRateLimiter(bytesPerSecond, Date.now());
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const delayMs = this.limiter.reserve(chunk.length, Date.now());
    if (delayMs <= 0) {
      callback(null, chunk);
      return;
    }
    this.pending = setTimeout(() => {
      this.pending = undefined;
      callback(null, chunk);
    }, delayMs);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.pending);
    callback(error);
  }
}
