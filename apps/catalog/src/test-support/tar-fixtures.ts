import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
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

export interface FilledFile {
  name: string;
  size: number;
  /** The byte every position of the file holds: zeros make a gzip bomb. */
  fill: number;
}

/**
 * A tar.gz of files of one repeated byte, made while it is read: the expanded bytes are never held
 * in memory, so a bomb of gigabytes costs only its compressed size. Stopping early is fine.
 */
export async function* filledTarGz(files: readonly FilledFile[]): AsyncGenerator<Buffer> {
  const archive = pack();
  const gzip = createGzip();
  archive.pipe(gzip);
  void (async () => {
    for (const file of files) {
      await pipeline(Readable.from(repeatedByte(file.size, file.fill)), archive.entry({ name: file.name, size: file.size, mode: 0o644 }));
    }
    archive.finalize();
  })().catch(() => undefined);
  try {
    for await (const chunk of gzip) yield chunk as Buffer;
  } finally {
    archive.destroy();
    gzip.destroy();
  }
}

function* repeatedByte(size: number, fill: number): Generator<Buffer> {
  const block = Buffer.alloc(1024 * 1024, fill);
  for (let left = size; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
}

export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
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
