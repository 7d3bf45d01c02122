import type { ArchiveFormat } from '@sdp/package-files';
import { extract as createExtract, type Extract, type Header } from 'tar-stream';
import type { ArchiveInput } from './archive-input';
import type { ArchiveEntry, ArchiveEntryType, ArchiveReader } from './archive-entry';
import { ArchiveRejected } from './archive-rejected';

/**
 * The entries of a tar stream (gunzipped by its input when it is a tar.gz), parsed while the
 * bytes arrive: nothing is held beyond the entry being read.
 */
export class TarReader implements ArchiveReader {
  private failure: unknown;

  constructor(
    private readonly input: ArchiveInput,
    readonly format: ArchiveFormat,
  ) {}

  async *entries(): AsyncGenerator<ArchiveEntry> {
    const extract = createExtract();
    extract.on('error', (error: unknown) => this.noteFailure(error));
    const feeding = this.feed(extract);
    try {
      for await (const entry of extract) {
        yield toArchiveEntry(entry.header, entry);
      }
      await feeding;
      if (this.failure !== undefined) throw this.failure;
    } catch (error) {
      throw this.explain(error);
    } finally {
      extract.destroy();
      await feeding;
    }
  }

  /** A rule broken by an entry wins; then what went wrong reading the archive; otherwise the error (the sink failed). */
  explain(error: unknown): unknown {
    if (error instanceof ArchiveRejected) return error;
    if (this.failure instanceof ArchiveRejected) return this.failure;
    if (this.failure !== undefined) {
      return new ArchiveRejected('unreadable', `not a readable tar archive: ${(this.failure as Error).message ?? String(this.failure)}`);
    }
    return error;
  }

  /** Writes the tar bytes into the parser with backpressure; never rejects, failures end up in `failure`. */
  private async feed(extract: Extract): Promise<void> {
    try {
      for await (const chunk of this.input.chunks()) {
        if (extract.destroyed) return;
        if (!extract.write(chunk)) await writable(extract);
      }
      if (!this.input.endMarkerSeen()) {
        throw new ArchiveRejected('unreadable', 'the archive ends early: it is truncated or not a tar archive');
      }
      extract.end(undefined);
    } catch (error) {
      this.noteFailure(error);
      extract.destroy(error as Error);
    }
  }

  private noteFailure(error: unknown): void {
    this.failure ??= error;
  }
}

function toArchiveEntry(header: Header, content: AsyncIterable<unknown>): ArchiveEntry {
  return {
    name: header.name,
    type: entryType(header.type),
    linkname: header.linkname ?? undefined,
    size: header.size ?? 0,
    mode: (header.mode ?? 0o644) & 0o777,
    content: content as AsyncIterable<Buffer>,
  };
}

function entryType(type: Header['type']): ArchiveEntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
    case 'symlink':
    case 'link':
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return type;
    default:
      return 'other';
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
