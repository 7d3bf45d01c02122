import { extract } from 'tar-stream';
import { buildTar, paxRecord, splitUstarPath, TarEntry } from './tar-writer';

interface ReadEntry {
  name: string;
  size: number;
  type: string;
  mode: number;
  content: string;
}

async function readBack(tar: Blob): Promise<ReadEntry[]> {
  const bytes = Buffer.from(await tar.arrayBuffer());
  const reader = extract();
  const entries: ReadEntry[] = [];
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ name: entry.header.name, size: entry.header.size ?? -1, type: entry.header.type ?? '', mode: entry.header.mode ?? -1, content: Buffer.concat(chunks).toString('utf8') });
    }
  })();
  reader.end(bytes);
  await done;
  return entries;
}

function file(path: string, content: string, mode?: number): TarEntry {
  const data = new Blob([content]);
  return { path, size: data.size, data, mode, mtime: new Date('2026-01-02T03:04:05Z') };
}

describe('buildTar', () => {
  it('writes an archive tar-stream reads back with the same names, sizes, modes and bytes', async () => {
    const entries = [file('setup.sh', '#!/bin/sh\necho hi\n', 0o755), file('data/empty.txt', ''), file('data/block.bin', 'x'.repeat(512)), file('data/odd.txt', 'y'.repeat(513))];
    const tar = buildTar(entries);

    expect(tar.size % 512).toBe(0);
    expect(tar.type).toBe('application/x-tar');
    expect(await readBack(tar)).toEqual([
      { name: 'setup.sh', size: 18, type: 'file', mode: 0o755, content: '#!/bin/sh\necho hi\n' },
      { name: 'data/empty.txt', size: 0, type: 'file', mode: 0o644, content: '' },
      { name: 'data/block.bin', size: 512, type: 'file', mode: 0o644, content: 'x'.repeat(512) },
      { name: 'data/odd.txt', size: 513, type: 'file', mode: 0o644, content: 'y'.repeat(513) },
    ]);
  });

  it('keeps paths longer than 100 bytes through the ustar prefix field', async () => {
    const path = `${'dir-'.repeat(30)}/${'n'.repeat(90)}.txt`;
    expect(splitUstarPath(path)).toEqual({ prefix: 'dir-'.repeat(30), name: `${'n'.repeat(90)}.txt` });
    const [entry] = await readBack(buildTar([file(path, 'long')]));
    expect(entry).toMatchObject({ name: path, size: 4, content: 'long' });
  });

  it('falls back to a pax header for a path ustar cannot hold, and for non-ASCII names', async () => {
    const unsplittable = 'z'.repeat(180);
    const accented = 'Données/résumé-ü.txt';
    const entries = await readBack(buildTar([file(unsplittable, 'a'), file(accented, 'b')]));
    expect(splitUstarPath(unsplittable)).toBeUndefined();
    expect(entries.map((entry) => [entry.name, entry.size, entry.content])).toEqual([
      [unsplittable, 1, 'a'],
      [accented, 1, 'b'],
    ]);
  });

  it('counts the length digits of a pax record in its own length', () => {
    expect(paxRecord('path', 'abc')).toBe('12 path=abc\n');
    const record = paxRecord('path', 'q'.repeat(95));
    expect(Buffer.byteLength(record)).toBe(Number(record.split(' ')[0]));
  });

  it('writes only the end-of-archive blocks for an empty folder', async () => {
    const tar = buildTar([]);
    expect(tar.size).toBe(1024);
    expect(await readBack(tar)).toEqual([]);
  });
});
