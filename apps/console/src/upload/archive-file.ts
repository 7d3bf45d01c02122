import { ARCHIVE_CONTENT_TYPES, ARCHIVE_HEAD_BYTES, archiveFormatOf, ArchiveFormat } from '@sdp/package-files';

/** A tar, tar.gz or zip file the user chose, sent to the catalog as it is. */
export interface ArchiveFile {
  file: File;
  format: ArchiveFormat;
  contentType: string;
}

/** The file as an archive, its format told by its first bytes as the catalog does; undefined when it is none of them. */
export async function archiveFileOf(file: File): Promise<ArchiveFile | undefined> {
  const head = new Uint8Array(await file.slice(0, ARCHIVE_HEAD_BYTES).arrayBuffer());
  const format = archiveFormatOf(head);
  return format ? { file, format, contentType: ARCHIVE_CONTENT_TYPES[format] } : undefined;
}
