import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipOf } from '@sdp/testing';
import { pack } from 'tar-stream';
import { readArchiveFile, streamArchiveFile } from './archive-file';

async function tarBytes(): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name: 'a.txt' }, 'a');
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('readArchiveFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-cli-archive-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, bytes: Buffer): string {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  }

  it('tells a tar, a tar.gz and a zip by their bytes, whatever their names', async () => {
    const tar = await tarBytes();
    expect((await readArchiveFile(file('source.tar', tar), tar.length)).format).toBe('tar');
    expect((await readArchiveFile(file('source.tgz', gzipSync(tar)), 0)).format).toBe('tar.gz');
    expect((await readArchiveFile(file('misnamed.tar', zipOf([{ name: 'a.txt', content: 'a' }])), 0)).format).toBe('zip');
  });

  it('refuses any other file before sending it', async () => {
    const path = file('notes.txt', Buffer.from('just text'));
    await expect(readArchiveFile(path, 9)).rejects.toThrow(`${path} is neither a folder nor a tar, tar.gz or zip archive`);
  });

  it('streams the file as it is and counts its bytes', async () => {
    const bytes = zipOf([{ name: 'a.txt', content: 'x'.repeat(100_000) }]);
    let counted = 0;
    const archive = streamArchiveFile(await readArchiveFile(file('a.zip', bytes), bytes.length), (count) => (counted += count));
    const chunks: Buffer[] = [];
    for await (const chunk of archive.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(counted).toBe(bytes.length);
    expect(archive.failure()).toBeUndefined();
  });
});
