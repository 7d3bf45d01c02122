import type { ArchiveFormat } from '@sdp/package-files';

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | 'socket' | 'other';

/** One entry of an upload, whatever its format. */
export interface ArchiveEntry {
  /** The name as found in the archive, before any check. */
  name: string;
  type: ArchiveEntryType;
  /** A link's target, when the archive names it in the entry's header (tar). */
  linkname?: string;
  /** The declared size of a file; its content must be exactly this long. */
  size: number;
  /** Permission bits, or undefined when the archive has none (a zip made on Windows). */
  mode: number | undefined;
  /** A file's bytes. Read them (or stop reading) before asking for the next entry. */
  content: AsyncIterable<Buffer>;
}

/** Reads the entries of one uploaded archive. */
export interface ArchiveReader {
  readonly format: ArchiveFormat;
  /** The entries in archive order. Throws ArchiveRejected when the archive is unreadable or too large. */
  entries(): AsyncGenerator<ArchiveEntry>;
  /**
   * What an error met while storing entries means: when the archive itself broke (a truncated
   * entry surfacing as the sink's read error), the archive's ArchiveRejected; otherwise the error.
   */
  explain(error: unknown): unknown;
}
