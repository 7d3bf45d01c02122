import { archiveFormatOf, archiveFormatOfContentType } from './archive-format';

function withUstar(): Uint8Array {
  const head = new Uint8Array(512);
  head.set(new TextEncoder().encode('ustar\u000000'), 257);
  return head;
}

describe('archiveFormatOf', () => {
  it('tells gzip, zip and tar apart by their magic bytes', () => {
    expect(archiveFormatOf(Uint8Array.of(0x1f, 0x8b, 0x08, 0))).toBe('tar.gz');
    expect(archiveFormatOf(new TextEncoder().encode('PK\u0003\u0004rest'))).toBe('zip');
    expect(archiveFormatOf(new TextEncoder().encode('PK\u0005\u0006'))).toBe('zip');
    expect(archiveFormatOf(withUstar())).toBe('tar');
  });

  it('knows nothing of other bytes, nor of heads too short to tell', () => {
    expect(archiveFormatOf(new TextEncoder().encode('{"hello": "world"}'))).toBeUndefined();
    expect(archiveFormatOf(new TextEncoder().encode('PK\u0001\u0002'))).toBeUndefined();
    expect(archiveFormatOf(Uint8Array.of(0x1f))).toBeUndefined();
    expect(archiveFormatOf(new Uint8Array(0))).toBeUndefined();
  });
});

describe('archiveFormatOfContentType', () => {
  it('maps the archive media types, ignoring case and parameters', () => {
    expect(archiveFormatOfContentType('application/zip')).toBe('zip');
    expect(archiveFormatOfContentType('application/x-zip-compressed')).toBe('zip');
    expect(archiveFormatOfContentType('Application/GZIP; charset=binary')).toBe('tar.gz');
    expect(archiveFormatOfContentType('application/x-gzip')).toBe('tar.gz');
    expect(archiveFormatOfContentType('application/x-tar')).toBe('tar');
    expect(archiveFormatOfContentType('application/octet-stream')).toBeUndefined();
    expect(archiveFormatOfContentType(undefined)).toBeUndefined();
  });
});
