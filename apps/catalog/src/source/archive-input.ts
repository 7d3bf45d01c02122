import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ArchiveRejected } from './archive-rejected';
import { ExpansionLimit } from './expansion-limit';

const END_MARKER_BYTES = 1024;

/**
 * The bytes of an upload body, gunzipped when `gzip` is set, refused past `maxBytes`. Every byte
 * received counts in `expansion`, and so does every gunzipped byte, so a gzip bomb is refused
 * while it inflates (a zip's reader counts its entries' sizes itself).
 * `endMarkerSeen()` tells afterwards whether the stream ended with the two zero blocks every
 * complete tar ends with: a tar cut exactly between two entries parses cleanly and only this
 * shows it is truncated.
 */
export class ArchiveInput {
  private tail = Buffer.alloc(0);
  private total = 0;

  constructor(
    private readonly body: AsyncIterable<Buffer>,
    private readonly maxBytes: number,
    private readonly gzip: boolean,
    readonly expansion: ExpansionLimit = new ExpansionLimit(),
  ) {}

  endMarkerSeen(): boolean {
    return this.tail.length === END_MARKER_BYTES && this.tail.every((byte) => byte === 0);
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of this.gzip ? this.gunzipped() : this.received()) {
      this.total += chunk.length;
      if (this.total > this.maxBytes) {
        throw new ArchiveRejected('too-large', `the archive is larger than the limit of ${this.maxBytes} bytes`);
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

  private async *received(): AsyncGenerator<Buffer> {
    for await (const chunk of this.body) {
      this.expansion.received(chunk.length);
      yield chunk;
    }
  }

  private async *gunzipped(): AsyncGenerator<Buffer> {
    const gunzip = createGunzip();
    const compressed = Readable.from(this.received());
    compressed.on('error', (error) => gunzip.destroy(error));
    compressed.pipe(gunzip);
    try {
      for await (const chunk of gunzip) {
        this.expansion.expanded((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    } catch (error) {
      if (error instanceof ArchiveRejected) throw error;
      throw new ArchiveRejected('unreadable', `the gzip stream is broken: ${(error as Error).message}`);
    } finally {
      compressed.destroy();
      gunzip.destroy();
    }
  }
}
