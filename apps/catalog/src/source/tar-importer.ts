import { Readable } from 'node:stream';
import type { PutResult, PutStreamOptions } from '@sdp/storage';
import { extract as createExtract, type Extract, type Header } from 'tar-stream';
import { ArchiveInput } from './archive-input';
import { ArchiveRejected } from './archive-rejected';
import { entryPath } from './entry-path';
import { ManifestFile } from './manifest';
import { PathSet } from './path-set';
import { TaskPool } from './task-pool';

/** Where file bytes go: the source ContentStore, which hashes while writing and skips stored objects. */
export interface ObjectSink {
  putStream(body: Readable, options?: PutStreamOptions): Promise<PutResult>;
}

export interface ImportLimits {
  /** Largest total of file sizes (413 above). */
  maxBytes: number;
  maxFiles?: number;
}

export interface ImportedSource {
  files: ManifestFile[];
  sizeBytes: number;
  /** Bytes that were not in the store before this import. */
  newBytes: number;
}

export const DEFAULT_MAX_FILES = 200_000;
/** Files up to this size are read whole and stored several at a time; larger ones stream one by one. */
const SMALL_FILE_BYTES = 1024 * 1024;
const SMALL_FILE_CONCURRENCY = 8;
/** Headers, padding and the end marker add to the file bytes; a tar larger than this is not a package within the limit. */
const TAR_OVERHEAD_ALLOWANCE = 2;
const TAR_OVERHEAD_SLACK = 64 * 1024 * 1024;

/**
 * Reads a tar stream entry by entry and stores every file in the sink while it is hashed, so
 * memory stays flat whatever the sizes: a large file is piped straight through, small files are
 * buffered (at most SMALL_FILE_CONCURRENCY of them) to be stored concurrently. Throws
 * ArchiveRejected when the archive is unreadable or breaks a rule; any other error comes from the
 * sink. Objects stored before a rejection are harmless: they are content-addressed and referenced
 * by no manifest until a version is committed.
 */
export async function importArchive(body: AsyncIterable<Buffer>, sink: ObjectSink, limits: ImportLimits): Promise<ImportedSource> {
  const importer = new TarImporter(sink, limits);
  return importer.run(body);
}

class TarImporter {
  private readonly paths = new PathSet();
  private readonly files: ManifestFile[] = [];
  private readonly pool = new TaskPool(SMALL_FILE_CONCURRENCY);
  private readonly maxFiles: number;
  private fileCount = 0;
  private sizeBytes = 0;
  private newBytes = 0;
  private archiveFailure: unknown;

  constructor(
    private readonly sink: ObjectSink,
    private readonly limits: ImportLimits,
  ) {
    this.maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
  }

  async run(body: AsyncIterable<Buffer>): Promise<ImportedSource> {
    const extract = createExtract();
    extract.on('error', (error: unknown) => this.noteArchiveFailure(error));
    const input = new ArchiveInput(body, this.limits.maxBytes * TAR_OVERHEAD_ALLOWANCE + TAR_OVERHEAD_SLACK);
    const feeding = this.feed(input, extract);
    try {
      for await (const entry of extract) {
        await this.storeEntry(entry.header, entry);
      }
      await feeding;
      if (this.archiveFailure !== undefined) throw this.archiveFailure;
      await this.pool.drain();
    } catch (error) {
      extract.destroy();
      await Promise.all([feeding, this.pool.settle()]);
      throw this.explain(error);
    }
    if (this.files.length === 0) {
      throw new ArchiveRejected(422, 'the archive holds no files');
    }
    return { files: this.files, sizeBytes: this.sizeBytes, newBytes: this.newBytes };
  }

  /** Writes the tar bytes into the parser with backpressure; never rejects, failures end up in archiveFailure. */
  private async feed(input: ArchiveInput, extract: Extract): Promise<void> {
    try {
      for await (const chunk of input.chunks()) {
        if (extract.destroyed) return;
        if (!extract.write(chunk)) await writable(extract);
      }
      if (!input.endMarkerSeen()) {
        throw new ArchiveRejected(400, 'the archive ends early: it is truncated or not a tar archive');
      }
      extract.end(undefined);
    } catch (error) {
      this.noteArchiveFailure(error);
      extract.destroy(error as Error);
    }
  }

  private async storeEntry(header: Header, entry: AsyncIterable<unknown>): Promise<void> {
    switch (header.type) {
      case 'directory':
        this.paths.addDirectory(entryPath(header.name, true), header.name);
        return;
      case 'file':
      case 'contiguous-file':
        return this.storeFile(header, entry);
      case 'symlink':
      case 'link':
        throw new ArchiveRejected(422, `entry ${JSON.stringify(header.name)}: links are not allowed (${header.type} to ${JSON.stringify(header.linkname)})`, header.name);
      case 'character-device':
      case 'block-device':
      case 'fifo':
        throw new ArchiveRejected(422, `entry ${JSON.stringify(header.name)}: ${header.type} entries are not allowed`, header.name);
      default:
        throw new ArchiveRejected(422, `entry ${JSON.stringify(header.name)}: unsupported entry type`, header.name);
    }
  }

  private async storeFile(header: Header, entry: AsyncIterable<unknown>): Promise<void> {
    const path = entryPath(header.name, false);
    this.paths.addFile(path, header.name);
    this.fileCount += 1;
    if (this.fileCount > this.maxFiles) {
      throw new ArchiveRejected(413, `the archive holds more than ${this.maxFiles} files`);
    }
    this.sizeBytes += header.size;
    if (this.sizeBytes > this.limits.maxBytes) {
      throw new ArchiveRejected(413, `the package is larger than the limit of ${this.limits.maxBytes} bytes`);
    }
    const size = header.size;
    const record = (result: PutResult): void => {
      this.files.push({ path, size, sha256: result.sha256, mode: header.mode & 0o777 });
      if (!result.alreadyPresent) this.newBytes += size;
    };
    if (size > SMALL_FILE_BYTES) {
      record(await this.sink.putStream(Readable.from(entry, { objectMode: false }), { size }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    await this.pool.submit(async () => record(await this.sink.putStream(Readable.from(chunks, { objectMode: false }), { size })));
  }

  private noteArchiveFailure(error: unknown): void {
    this.archiveFailure ??= error;
  }

  /** A rule broken by an entry wins; then what went wrong reading the archive; otherwise the sink failed. */
  private explain(error: unknown): unknown {
    if (error instanceof ArchiveRejected) return error;
    if (this.archiveFailure instanceof ArchiveRejected) return this.archiveFailure;
    if (this.archiveFailure !== undefined) {
      return new ArchiveRejected(400, `not a readable tar archive: ${(this.archiveFailure as Error).message ?? String(this.archiveFailure)}`);
    }
    return error;
  }
}

/** Resolves when the parser takes more bytes, or when it is gone (the reader then stops feeding). */
function writable(extract: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      extract.off('drain', done);
      extract.off('close', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
  });
}
