import { ARCHIVE_HEAD_BYTES, archiveFormatOf, archiveFormatOfContentType, ArchiveFormat } from '@sdp/package-files';
import { ArchiveInput } from './archive-input';
import { ExpansionLimit } from './expansion-limit';
import { peekHead } from './peek-head';
import { TarReader } from './tar-reader';
import { ZipReader } from './zip-reader';

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

export interface ArchiveUpload {
  body: AsyncIterable<Buffer>;
  /** The request's Content-Type, used only when the first bytes do not tell the format. */
  contentType?: string;
}

/**
 * The reader for an upload's format, told by its first bytes (gzip 1f 8b: a tar.gz; zip PK\3\4;
 * the tar "ustar" magic), else by its Content-Type, else tar. `maxArchiveBytes` bounds the
 * (decompressed) tar stream or the zip file; `maxExpansionRatio` how many times the bytes received
 * a tar.gz may gunzip to, or a zip's entries declare (see ExpansionLimit).
 */
export async function openArchive(upload: ArchiveUpload, maxArchiveBytes: number, maxExpansionRatio?: number): Promise<ArchiveReader> {
  const { head, rest } = await peekHead(upload.body, ARCHIVE_HEAD_BYTES);
  const format = archiveFormatOf(head) ?? archiveFormatOfContentType(upload.contentType) ?? 'tar';
  const expansion = new ExpansionLimit(maxExpansionRatio);
  if (format === 'zip') return new ZipReader(new ArchiveInput(rest, maxArchiveBytes, false, expansion));
  return new TarReader(new ArchiveInput(rest, maxArchiveBytes, format === 'tar.gz', expansion), format);
}
