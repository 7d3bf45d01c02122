import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../core/errors';

export interface FolderEntry {
  /** Relative, `/`-separated: the name inside the archive. */
  path: string;
  /** Where it is on disk. */
  absolute: string;
  type: 'file' | 'directory';
  size: number;
  mode: number;
  mtime: Date;
}

/**
 * Every regular file and directory under root, parents before children, in name order. Links and
 * special files are refused here, before a byte is sent: the catalog would refuse them anyway,
 * and a link could pull in files from outside the folder.
 */
export async function listFolder(root: string): Promise<FolderEntry[]> {
  let rootStat;
  try {
    rootStat = await lstat(root);
  } catch (error) {
    throw new CliError(`cannot read ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!rootStat.isDirectory()) throw new CliError(`${root} is not a folder`);
  const entries: FolderEntry[] = [];
  const walk = async (directory: string, prefix: string): Promise<void> => {
    const names = (await readdir(directory)).sort();
    for (const name of names) {
      const absolute = join(directory, name);
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const stat = await lstat(absolute);
      if (stat.isSymbolicLink()) throw new CliError(`${absolute} is a symbolic link; a package holds regular files and folders only (copy the target instead)`);
      if (stat.isDirectory()) {
        entries.push({ path, absolute, type: 'directory', size: 0, mode: stat.mode & 0o7777, mtime: stat.mtime });
        await walk(absolute, path);
      } else if (stat.isFile()) {
        entries.push({ path, absolute, type: 'file', size: stat.size, mode: stat.mode & 0o7777, mtime: stat.mtime });
      } else {
        throw new CliError(`${absolute} is not a regular file or folder; a package holds regular files and folders only`);
      }
    }
  };
  await walk(root, '');
  if (!entries.some((entry) => entry.type === 'file')) throw new CliError(`${root} holds no files`);
  return entries;
}

const BLOCK = 512;

/** What the archive will weigh: a header per entry, file data padded to blocks, two end blocks. Long names add a little. */
export function expectedArchiveBytes(entries: readonly FolderEntry[]): number {
  return entries.reduce((sum, entry) => sum + BLOCK + Math.ceil(entry.size / BLOCK) * BLOCK, 2 * BLOCK);
}
