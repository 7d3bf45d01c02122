import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { PutResult } from '@sdp/storage';
import { pack, type Header } from 'tar-stream';

export interface FixtureEntry {
  name: string;
  content?: string | Buffer;
  type?: Header['type'];
  linkname?: string;
  mode?: number;
  /** Forces a pax header, e.g. to carry names a ustar header cannot (NUL). */
  pax?: Record<string, string>;
}

/** A complete tar archive (end marker included) of the given entries. */
export async function tarOf(entries: readonly FixtureEntry[], options: { gzip?: boolean } = {}): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    const type = entry.type ?? 'file';
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
      linkname: entry.linkname,
      pax: entry.pax,
      size: type === 'file' ? content.length : 0,
    };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (type === 'file') archive.entry(header, content, done);
      else archive.entry(header, done).end(undefined);
    });
  }
  archive.finalize();
  await collected;
  const tar = Buffer.concat(chunks);
  return options.gzip ? gzipSync(tar) : tar;
}

export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Splits a buffer into chunks of `size`, as a socket would deliver it. */
export async function* chunked(buffer: Buffer, size = 700): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) {
    yield buffer.subarray(offset, offset + size);
  }
}

/** A sink keeping objects by sha256 in memory: unit tests of the importer only, never in place of S3 in an integration test. */
export class RecordingSink {
  readonly objects = new Map<string, number>();
  writes = 0;

  async putStream(body: Readable, options: { size?: number } = {}): Promise<PutResult> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    if (options.size !== undefined && options.size !== size) throw new Error(`size ${size} is not the declared ${options.size}`);
    const sha256 = hash.digest('hex');
    const alreadyPresent = this.objects.has(sha256);
    if (!alreadyPresent) {
      this.objects.set(sha256, size);
      this.writes += 1;
    }
    return { sha256, size, alreadyPresent };
  }
}
