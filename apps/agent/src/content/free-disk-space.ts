import { statfs } from 'node:fs/promises';

/** Bytes an unprivileged process can still write on the file system holding `path`; throws where it cannot be measured. */
export async function freeBytesOn(path: string): Promise<number> {
  const stats = await statfs(path);
  return stats.bavail * stats.bsize;
}
