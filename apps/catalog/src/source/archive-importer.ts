import { Readable } from 'node:stream';
import { EXECUTABLE_HEAD_BYTES, filesNamedBy, modeForUnixlessFile, ProgramCommand } from '@sdp/package-files';
import type { PutResult, PutStreamOptions } from '@sdp/storage';
import type { ArchiveEntry } from './archive-entry';
import { openArchive } from './archive-reader';
import { ArchiveRejected } from './archive-rejected';
import { entryPath } from './entry-path';
import { ManifestFile } from './manifest';
import { PathSet } from './path-set';
import { peekHead } from './peek-head';
import { TaskPool } from './task-pool';

/** Where file bytes go: the source ContentStore, which hashes while writing and skips stored objects. */
export interface ObjectSink {
  putStream(body: Readable, options?: PutStreamOptions): Promise<PutResult>;
}

export interface ImportLimits {
  /** Largest total of file sizes (refused as too large above). */
  maxBytes: number;
  maxFiles?: number;
  /** How many times the bytes received an archive may expand to, past an allowance (refused as too large above; see ExpansionLimit). */
  maxExpansionRatio?: number;
}

export interface ImportOptions {
  /** The request's Content-Type; the format is told by the first bytes, this only when they do not tell. */
  contentType?: string;
  /** The package's programs: files their command lines name are made executable when the archive has no modes. */
  programs?: readonly ProgramCommand[];
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
/** Headers, padding and the end marker add to the file bytes; an archive larger than this is not a package within the limit. */
const ARCHIVE_OVERHEAD_ALLOWANCE = 2;
const ARCHIVE_OVERHEAD_SLACK = 64 * 1024 * 1024;

/**
 * Reads an uploaded archive — tar, tar.gz or zip (see openArchive) — entry by entry and stores
 * every file in the sink while it is hashed, so memory stays flat whatever the sizes: a large
 * file is piped straight through, small files are buffered (at most SMALL_FILE_CONCURRENCY of
 * them) to be stored concurrently. Every format goes through the same checks: names (entryPath),
 * duplicates (PathSet), no links or special files, the file count and size limits. A file without
 * a mode (a zip made on Windows) gets one by the executable-bit rule of @sdp/package-files.
 * Throws ArchiveRejected when the archive is unreadable or breaks a rule; any other error comes
 * from the sink. Objects stored before a failure are the caller's to take back (see
 * RevocableSink); every task has settled when this throws.
 */
export async function importArchive(body: AsyncIterable<Buffer>, sink: ObjectSink, limits: ImportLimits, options: ImportOptions = {}): Promise<ImportedSource> {
  return new ArchiveImporter(sink, limits, options).run(body);
}

class ArchiveImporter {
  private readonly paths = new PathSet();
  private readonly files: ManifestFile[] = [];
  private readonly pool = new TaskPool(SMALL_FILE_CONCURRENCY);
  private readonly maxFiles: number;
  private readonly namedByCommandLines: ReadonlySet<string>;
  private fileCount = 0;
  private sizeBytes = 0;
  private newBytes = 0;

  constructor(
    private readonly sink: ObjectSink,
    private readonly limits: ImportLimits,
    private readonly options: ImportOptions,
  ) {
    this.maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
    this.namedByCommandLines = filesNamedBy(options.programs ?? []);
  }

  async run(body: AsyncIterable<Buffer>): Promise<ImportedSource> {
    const maxArchiveBytes = this.limits.maxBytes * ARCHIVE_OVERHEAD_ALLOWANCE + ARCHIVE_OVERHEAD_SLACK;
    const reader = await openArchive({ body, contentType: this.options.contentType }, maxArchiveBytes, this.limits.maxExpansionRatio);
    try {
      for await (const entry of reader.entries()) {
        await this.storeEntry(entry);
      }
      await this.pool.drain();
    } catch (error) {
      await this.pool.settle();
      throw reader.explain(error);
    }
    if (this.files.length === 0) {
      throw new ArchiveRejected('empty', 'the archive holds no files');
    }
    return { files: this.files, sizeBytes: this.sizeBytes, newBytes: this.newBytes };
  }

  private async storeEntry(entry: ArchiveEntry): Promise<void> {
    const { name, type } = entry;
    switch (type) {
      case 'directory':
        this.paths.addDirectory(entryPath(name, true), name);
        return;
      case 'file':
        return this.storeFile(entry);
      case 'symlink':
      case 'link':
        throw new ArchiveRejected('entry-refused', `entry ${JSON.stringify(name)}: links are not allowed (${type}${entry.linkname ? ` to ${JSON.stringify(entry.linkname)}` : ''})`, name);
      case 'character-device':
      case 'block-device':
      case 'fifo':
      case 'socket':
        throw new ArchiveRejected('entry-refused', `entry ${JSON.stringify(name)}: ${type} entries are not allowed`, name);
      default:
        throw new ArchiveRejected('entry-refused', `entry ${JSON.stringify(name)}: unsupported entry type`, name);
    }
  }

  private async storeFile(entry: ArchiveEntry): Promise<void> {
    const path = entryPath(entry.name, false);
    this.paths.addFile(path, entry.name);
    this.fileCount += 1;
    if (this.fileCount > this.maxFiles) {
      throw new ArchiveRejected('too-large', `the archive holds more than ${this.maxFiles} files`);
    }
    const size = entry.size;
    this.sizeBytes += size;
    if (this.sizeBytes > this.limits.maxBytes) {
      throw new ArchiveRejected('too-large', `the package is larger than the limit of ${this.limits.maxBytes} bytes`);
    }
    const { head, rest } = await peekHead(entry.content, EXECUTABLE_HEAD_BYTES);
    const mode = entry.mode ?? modeForUnixlessFile(path, head, this.namedByCommandLines);
    const record = (result: PutResult): void => {
      this.files.push({ path, size, sha256: result.sha256, mode });
      if (!result.alreadyPresent) this.newBytes += size;
    };
    if (size > SMALL_FILE_BYTES) {
      record(await this.sink.putStream(Readable.from(rest, { objectMode: false }), { size }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of rest) chunks.push(chunk);
    await this.pool.submit(async () => record(await this.sink.putStream(Readable.from(chunks, { objectMode: false }), { size })));
  }
}
