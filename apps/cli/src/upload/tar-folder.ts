import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as createPack } from 'tar-stream';
import type { FolderEntry } from './folder-entries';

export interface FolderArchive {
  stream: Readable;
  /** Why reading the folder failed (a file changed or vanished mid-upload), if it did. */
  failure(): Error | undefined;
}

/**
 * The folder as a tar stream, produced while it is read: one file open at a time, never the whole
 * folder in memory (the pack waits while the upload is slower than the disk). onBytes sees every
 * chunk as the consumer takes it.
 */
export function tarFolder(entries: readonly FolderEntry[], onBytes: (count: number) => void): FolderArchive {
  const pack = createPack();
  let failure: Error | undefined;
  // Set when the upload stopped reading (refused or cut off): what fails after that is a consequence.
  let abandoned = false;
  const produce = async () => {
    for (const entry of entries) {
      const header = { name: entry.type === 'directory' ? `${entry.path}/` : entry.path, mode: entry.mode, mtime: entry.mtime };
      if (entry.type === 'directory') {
        await new Promise<void>((resolve, reject) => pack.entry({ ...header, type: 'directory' }, (error) => (error ? reject(error) : resolve())));
      } else {
        await pipeline(createReadStream(entry.absolute), pack.entry({ ...header, type: 'file', size: entry.size }));
      }
    }
    pack.finalize();
  };
  produce().catch((error: unknown) => {
    if (abandoned) return;
    failure = error as Error;
    pack.destroy(failure);
  });
  async function* counted(): AsyncGenerator<Buffer> {
    // True while the consumer has the turn: an error or a return arriving then comes from its side.
    let yielded = false;
    try {
      for await (const chunk of pack) {
        onBytes((chunk as Buffer).length);
        yielded = true;
        yield chunk as Buffer;
        yielded = false;
      }
    } catch (error) {
      if (!yielded) failure ??= error as Error;
      throw error;
    } finally {
      if (yielded) abandoned = true;
    }
    if (failure) throw failure;
  }
  return { stream: Readable.from(counted(), { objectMode: false }), failure: () => failure };
}
