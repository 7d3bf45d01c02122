import { archiveFileOf } from './archive-file';

function fileOf(name: string, bytes: Uint8Array): File {
  return new File([bytes as BlobPart], name);
}

describe('archiveFileOf', () => {
  it('tells a zip, a tar.gz and a tar by their bytes, not their names', async () => {
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar\u000000'), 257);
    expect(await archiveFileOf(fileOf('source.zip', new TextEncoder().encode('PK\u0003\u0004....')))).toMatchObject({ format: 'zip', contentType: 'application/zip' });
    expect(await archiveFileOf(fileOf('source.tgz', Uint8Array.of(0x1f, 0x8b, 8, 0)))).toMatchObject({ format: 'tar.gz', contentType: 'application/gzip' });
    expect(await archiveFileOf(fileOf('named-wrong.zip', tar))).toMatchObject({ format: 'tar', contentType: 'application/x-tar' });
  });

  it('is undefined for any other file', async () => {
    expect(await archiveFileOf(fileOf('notes.zip', new TextEncoder().encode('not an archive at all')))).toBeUndefined();
    expect(await archiveFileOf(fileOf('empty.tar', new Uint8Array(0)))).toBeUndefined();
  });
});
