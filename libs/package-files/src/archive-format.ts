/** The archive formats a package's source may be uploaded as; a folder is sent as a tar. */
export type ArchiveFormat = 'tar' | 'tar.gz' | 'zip';

/** The Content-Type each format is sent with. */
export const ARCHIVE_CONTENT_TYPES: Readonly<Record<ArchiveFormat, string>> = {
  tar: 'application/x-tar',
  'tar.gz': 'application/gzip',
  zip: 'application/zip',
};

/** Enough leading bytes to tell every format apart (a tar's "ustar" magic ends at byte 262). */
export const ARCHIVE_HEAD_BYTES = 262;

const USTAR_OFFSET = 257;

/**
 * The format of an archive from its first bytes: gzip magic 1f 8b, zip magic PK\3\4 (or PK\5\6,
 * the end record an empty zip starts with), the "ustar" magic of a POSIX or GNU tar. undefined
 * when none matches (an old v7 tar has no magic; the catalog then still tries tar).
 */
export function archiveFormatOf(head: Uint8Array): ArchiveFormat | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))) return 'zip';
  const ustar = [0x75, 0x73, 0x74, 0x61, 0x72];
  if (ustar.every((byte, index) => head[USTAR_OFFSET + index] === byte)) return 'tar';
  return undefined;
}

/** The format a Content-Type names, if it names one (parameters and case ignored). */
export function archiveFormatOfContentType(contentType: string | undefined): ArchiveFormat | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/zip' || type === 'application/x-zip-compressed' || type === 'application/x-zip') return 'zip';
  if (type === 'application/gzip' || type === 'application/x-gzip') return 'tar.gz';
  if (type === 'application/x-tar' || type === 'application/tar') return 'tar';
  return undefined;
}
