import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ARCHIVE_HEAD_BYTES, archiveFormatOf, ArchiveFormat } from '@sdp/package-files';
import { CliError } from '../core/errors';
import type { FolderArchive } from './tar-folder';

export interface ArchiveFile {
  path: string;
  format: ArchiveFormat;
  size: number;
}

/**
 * A tar, tar.gz or zip file to upload as it is, its format told by its first bytes (the same
 * test the catalog applies): anything else is refused here, before a byte is sent.
 */
export async function readArchiveFile(path: string, size: number): Promise<ArchiveFile> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(ARCHIVE_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const format = archiveFormatOf(head.subarray(0, bytesRead));
    if (!format) throw new CliError(`${path} is neither a folder nor a tar, tar.gz or zip archive`);
    return { path, format, size };
  } finally {
    await handle.close();
  }
}

/** The file's bytes as they are on disk; onBytes sees every chunk as the consumer takes it. */
export function streamArchiveFile(file: ArchiveFile, onBytes: (count: number) => void): FolderArchive {
  let failure: Error | undefined;
  const source = createReadStream(file.path);
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        onBytes((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    } catch (error) {
      failure ??= error as Error;
      throw error;
    }
  }
  return { stream: Readable.from(counted(), { objectMode: false }), failure: () => failure };
}
