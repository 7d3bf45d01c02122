import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedArchiveBytes, FolderEntry, listFolder } from './folder-entries';

describe('listFolder', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sdp-cli-folder-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('lists files and folders with relative / paths, parents first, modes kept', async () => {
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    writeFileSync(join(root, 'b', 'c', 'run.sh'), 'echo');
    chmodSync(join(root, 'b', 'c', 'run.sh'), 0o755);
    writeFileSync(join(root, 'a.txt'), 'hello');
    const entries = await listFolder(root);
    expect(entries.map(({ path, type, size }) => ({ path, type, size }))).toEqual([
      { path: 'a.txt', type: 'file', size: 5 },
      { path: 'b', type: 'directory', size: 0 },
      { path: 'b/c', type: 'directory', size: 0 },
      { path: 'b/c/run.sh', type: 'file', size: 4 },
    ]);
    expect(entries[3].mode).toBe(0o755);
  });

  it('refuses symbolic links, a missing folder and a folder without files', async () => {
    writeFileSync(join(root, 'real'), 'x');
    symlinkSync(join(root, 'real'), join(root, 'link'));
    await expect(listFolder(root)).rejects.toThrow(`${join(root, 'link')} is a symbolic link`);
    await expect(listFolder(join(root, 'nope'))).rejects.toThrow(`cannot read ${join(root, 'nope')}: ENOENT`);
    await expect(listFolder(join(root, 'real'))).rejects.toThrow('is not a folder');
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    await expect(listFolder(empty)).rejects.toThrow('holds no files');
  });
});

describe('expectedArchiveBytes', () => {
  it('counts a header per entry, data in 512-byte blocks and the two end blocks', () => {
    const entry = (type: 'file' | 'directory', size: number): FolderEntry => ({ path: 'x', absolute: '/x', type, size, mode: 0o644, mtime: new Date(0) });
    expect(expectedArchiveBytes([entry('directory', 0), entry('file', 1), entry('file', 512), entry('file', 0)])).toBe(512 * 4 + 512 + 512 + 1024);
  });
});
