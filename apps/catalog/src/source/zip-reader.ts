import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import type { ArchiveInput } from './archive-input';
import type { ArchiveEntry, ArchiveEntryType, ArchiveReader } from './archive-entry';
import { ArchiveRejected, RejectionReason } from './archive-rejected';

/** Hosts in "version made by" whose external attributes carry a unix st_mode in their high 16 bits. */
const UNIX_HOSTS = new Set([3 /* UNIX */, 19 /* OS X */]);
const FILE_TYPE_MASK = 0o170000;
const UNIX_FILE_TYPES: ReadonlyMap<number, ArchiveEntryType> = new Map([
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o120000, 'symlink'],
  [0o020000, 'character-device'],
  [0o060000, 'block-device'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
]);
const STORED = 0;
const DEFLATED = 8;
const utf8 = new TextDecoder('utf-8');

/**
 * The entries of a zip archive. A zip's table of contents (the central directory, the only place
 * that holds unix modes and tells a symlink from a file) is at its end, so the upload is first
 * spooled to a temporary file (under TMPDIR, bounded by the input's limit, deleted afterwards),
 * then read with yauzl from the central directory. Names are read as UTF-8 (what zip tools on
 * unix and current Windows write); a name that is not valid UTF-8 is then refused like any other
 * bad name. Each file inflates to exactly its declared size (yauzl checks it) and must match its
 * CRC-32; the declared sizes count against the input's ExpansionLimit before an entry is read, so
 * a zip bomb is refused before it inflates (and before the package limit). Modes come from the
 * external attributes of zips made on unix; for other zips an entry has no mode.
 */
export class ZipReader implements ArchiveReader {
  readonly format = 'zip';
  private failure: ArchiveRejected | undefined;

  constructor(private readonly input: ArchiveInput) {}

  async *entries(): AsyncGenerator<ArchiveEntry> {
    const directory = await mkdtemp(join(tmpdir(), 'sdp-zip-upload-'));
    try {
      const path = join(directory, 'upload.zip');
      await this.spool(path);
      const zip = await this.open(path);
      try {
        for await (const entry of this.zipEntries(zip)) {
          yield this.toArchiveEntry(zip, entry);
        }
      } finally {
        zip.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  explain(error: unknown): unknown {
    if (error instanceof ArchiveRejected) return error;
    return this.failure ?? error;
  }

  private async spool(path: string): Promise<void> {
    try {
      await pipeline(Readable.from(this.input.chunks()), createWriteStream(path));
    } catch (error) {
      if (error instanceof ArchiveRejected) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw this.fail('too-large', 'the zip archive does not fit in the catalog\'s temporary space; upload the folder as a tar or tar.gz, which is never stored whole');
      }
      throw error;
    }
  }

  private async open(path: string): Promise<yauzl.ZipFile> {
    try {
      return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
    } catch (error) {
      throw this.fail('unreadable', `not a readable zip archive: ${(error as Error).message}`);
    }
  }

  private async *zipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
    const iterator = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw this.fail('unreadable', `not a readable zip archive: ${(error as Error).message}`);
      }
      if (next.done) return;
      yield next.value;
    }
  }

  private toArchiveEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): ArchiveEntry {
    const name = utf8.decode(entry.fileNameRaw);
    const unixMode = UNIX_HOSTS.has(entry.versionMadeBy >> 8) ? entry.externalFileAttributes >>> 16 : 0;
    const type = UNIX_FILE_TYPES.get(unixMode & FILE_TYPE_MASK) ?? (name.endsWith('/') ? 'directory' : 'file');
    if (type === 'file') {
      this.input.expansion.expanded(entry.uncompressedSize);
      if (entry.isEncrypted()) throw this.fail('entry-refused', `entry ${JSON.stringify(name)}: encrypted entries are not supported`, name);
      if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
        throw this.fail('entry-refused', `entry ${JSON.stringify(name)}: compression method ${entry.compressionMethod} is not supported (only stored and deflate)`, name);
      }
    }
    return {
      name,
      type,
      size: entry.uncompressedSize,
      mode: unixMode === 0 ? undefined : unixMode & 0o777,
      content: this.content(zip, entry, name),
    };
  }

  private async *content(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string): AsyncGenerator<Buffer> {
    const broken = (why: string): ArchiveRejected => this.fail('unreadable', `entry ${JSON.stringify(name)}: ${why}`, name);
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw broken((error as Error).message);
    }
    let checksum = 0;
    try {
      for await (const chunk of stream) {
        checksum = crc32(chunk as Buffer, checksum);
        yield chunk as Buffer;
      }
    } catch (error) {
      throw error instanceof ArchiveRejected ? error : broken((error as Error).message);
    } finally {
      stream.destroy();
    }
    if (checksum >>> 0 !== entry.crc32 >>> 0) throw broken('its bytes do not match its CRC-32');
  }

  /** Remembers the first way the archive failed, for explain(). */
  private fail(reason: RejectionReason, message: string, entry?: string): ArchiveRejected {
    const rejection = new ArchiveRejected(reason, message, entry);
    this.failure ??= rejection;
    return rejection;
  }
}
