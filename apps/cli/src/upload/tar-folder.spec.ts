import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { listFolder } from './folder-entries';
import { tarFolder } from './tar-folder';

describe('tarFolder', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sdp-cli-tar-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('streams every entry with its path, type, mode and content, and counts the bytes', async () => {
    const longName = `${'n'.repeat(150)}.txt`;
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', longName), 'long');
    writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    let counted = 0;
    const archive = tarFolder(await listFolder(root), (bytes) => (counted += bytes));
    const unpack = extract();
    archive.stream.pipe(unpack);
    const seen: { name: string; type: string; mode: number; content: string }[] = [];
    for await (const entry of unpack) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      seen.push({ name: entry.header.name, type: entry.header.type ?? '', mode: (entry.header.mode ?? 0) & 0o777, content: Buffer.concat(chunks).toString() });
    }
    expect(seen).toEqual([
      { name: 'run.sh', type: 'file', mode: 0o755, content: '#!/bin/sh\n' },
      { name: 'sub/', type: 'directory', mode: 0o755 & seen[1].mode, content: '' },
      { name: `sub/${longName}`, type: 'file', mode: 0o644 & seen[2].mode, content: 'long' },
    ]);
    expect(counted % 512).toBe(0);
    expect(counted).toBeGreaterThanOrEqual(512 * 5 + 1024);
    expect(archive.failure()).toBeUndefined();
  });

  it('fails the stream and reports why when a file vanished before it was read', async () => {
    writeFileSync(join(root, 'a.txt'), 'a');
    writeFileSync(join(root, 'b.txt'), 'b');
    const entries = await listFolder(root);
    rmSync(join(root, 'b.txt'));
    const archive = tarFolder(entries, () => undefined);
    const drain = async () => {
      for await (const chunk of archive.stream) void chunk;
    };
    await expect(drain()).rejects.toThrow(/ENOENT/);
    expect(archive.failure()?.message).toMatch(/ENOENT/);
  });

  it('blames nothing on the folder when the reader stops early', async () => {
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(4 * 1024 * 1024));
    const archive = tarFolder(await listFolder(root), () => undefined);
    for await (const chunk of archive.stream) {
      void chunk;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(archive.failure()).toBeUndefined();
  });
});
