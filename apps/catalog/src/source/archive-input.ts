import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ArchiveRejected } from './archive-rejected';

const GZIP_MAGIC = [0x1f, 0x8b];
const END_MARKER_BYTES = 1024;

/**
 * The tar bytes of an upload body, gunzipped when it starts with the gzip magic bytes, refused
 * past `maxBytes`. `endMarkerSeen()` tells afterwards whether the stream ended with the two zero
 * blocks every complete tar ends with: a tar cut exactly between two entries parses cleanly and
 * only this shows it is truncated.
 */
export class ArchiveInput {
  private tail = Buffer.alloc(0);
  private total = 0;

  constructor(
    private readonly body: AsyncIterable<Buffer>,
    private readonly maxBytes: number,
  ) {}

  endMarkerSeen(): boolean {
    return this.tail.length === END_MARKER_BYTES && this.tail.every((byte) => byte === 0);
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of this.decompressed()) {
      this.total += chunk.length;
      if (this.total > this.maxBytes) {
        throw new ArchiveRejected(413, `the archive is larger than the limit of ${this.maxBytes} bytes`);
      }
      this.remember(chunk);
      yield chunk;
    }
  }

  private remember(chunk: Buffer): void {
    this.tail =
      chunk.length >= END_MARKER_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - END_MARKER_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-END_MARKER_BYTES);
  }

  private async *decompressed(): AsyncGenerator<Buffer> {
    const iterator = this.body[Symbol.asyncIterator]();
    try {
      yield* this.decompress(iterator);
    } finally {
      // Lets go of the body (without destroying it) so the caller can still drain or answer it.
      await iterator.return?.();
    }
  }

  private async *decompress(iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
    let head = Buffer.alloc(0);
    while (head.length < GZIP_MAGIC.length) {
      const next = await iterator.next();
      if (next.done) break;
      head = Buffer.concat([head, toBuffer(next.value)]);
    }
    const rest = (async function* () {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield toBuffer(next.value);
      }
    })();
    if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
      yield* rest;
      return;
    }
    const gunzip = createGunzip();
    const compressed = Readable.from(rest);
    compressed.on('error', (error) => gunzip.destroy(error));
    compressed.pipe(gunzip);
    try {
      for await (const chunk of gunzip) {
        yield chunk as Buffer;
      }
    } catch (error) {
      if (error instanceof ArchiveRejected) throw error;
      throw new ArchiveRejected(400, `the gzip stream is broken: ${(error as Error).message}`);
    } finally {
      compressed.destroy();
      gunzip.destroy();
    }
  }
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}
