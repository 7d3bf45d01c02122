import { ARCHIVE_HEAD_BYTES, archiveFormatOf, archiveFormatOfContentType } from '@sdp/package-files';
import type { ArchiveReader } from './archive-entry';
import { ArchiveInput } from './archive-input';
import { ExpansionLimit } from './expansion-limit';
import { peekHead } from './peek-head';
import { TarReader } from './tar-reader';
import { ZipReader } from './zip-reader';

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
