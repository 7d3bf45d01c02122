import { HTTP_STATUS_OF_KIND } from '@sdp/service';
import { ArchiveRejected, rejectionError } from './archive-rejected';

describe('rejectionError', () => {
  it('answers an unreadable archive with 400 ARCHIVE_UNREADABLE naming the archive', () => {
    const error = rejectionError(new ArchiveRejected('unreadable', 'entry "a": its bytes do not match its CRC-32', 'a'));
    expect({ status: HTTP_STATUS_OF_KIND[error.kind], code: error.code, message: error.message, details: error.details }).toEqual({
      status: 400,
      code: 'ARCHIVE_UNREADABLE',
      message: 'entry "a": its bytes do not match its CRC-32',
      details: [{ field: 'archive', problems: ['entry "a": its bytes do not match its CRC-32'] }],
    });
  });

  it('answers a source over a limit with 413 SOURCE_TOO_LARGE naming the archive', () => {
    const error = rejectionError(new ArchiveRejected('too-large', 'the archive holds more than 1 files'));
    expect({ status: HTTP_STATUS_OF_KIND[error.kind], code: error.code, message: error.message, details: error.details }).toEqual({
      status: 413,
      code: 'SOURCE_TOO_LARGE',
      message: 'the archive holds more than 1 files',
      details: [{ field: 'archive', problems: ['the archive holds more than 1 files'] }],
    });
  });

  it('answers a refused entry with 422 SOURCE_ENTRY_REFUSED, a rule violation of archive.entry', () => {
    const error = rejectionError(new ArchiveRejected('entry-refused', 'entry "/etc/passwd": absolute names are not allowed', '/etc/passwd'));
    expect({ status: HTTP_STATUS_OF_KIND[error.kind], code: error.code, message: error.message, details: error.details }).toEqual({
      status: 422,
      code: 'SOURCE_ENTRY_REFUSED',
      message: 'archive.entry: entry "/etc/passwd": absolute names are not allowed',
      details: [{ field: 'archive.entry', problems: ['entry "/etc/passwd": absolute names are not allowed'] }],
    });
  });

  it('answers an empty source with 422 SOURCE_EMPTY, a rule violation of the archive', () => {
    const error = rejectionError(new ArchiveRejected('empty', 'the archive holds no files'));
    expect({ status: HTTP_STATUS_OF_KIND[error.kind], code: error.code, message: error.message, details: error.details }).toEqual({
      status: 422,
      code: 'SOURCE_EMPTY',
      message: 'archive: the archive holds no files',
      details: [{ field: 'archive', problems: ['the archive holds no files'] }],
    });
  });
});
