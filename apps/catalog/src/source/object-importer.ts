import type { Readable } from 'node:stream';
import { ArchiveRejected } from './archive-rejected';
import { entryPath } from './entry-path';
import { PathSet } from './path-set';
import { TaskPool } from './task-pool';
import { DEFAULT_MAX_FILES, ImportedSource, ImportLimits, ObjectSink } from './archive-importer';

/** One file of a source location (a directory entry or an S3 object), opened only when it is stored. */
export interface SourceObject {
  /** Relative, `/`-separated; checked with the same rules as a tar entry name. */
  name: string;
  size: number;
  mode: number;
  open(): Promise<Readable>;
}

const CONCURRENCY = 4;

/**
 * Stores every object in the sink and records it the way the tar importer does (same path rules,
 * same manifest entries), so a source location and an upload of the same files give the same
 * manifest. Throws ArchiveRejected for a broken rule or an empty source.
 */
export async function importObjects(objects: AsyncIterable<SourceObject>, sink: ObjectSink, limits: ImportLimits): Promise<ImportedSource> {
  const paths = new PathSet();
  const pool = new TaskPool(CONCURRENCY);
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
  const imported: ImportedSource = { files: [], sizeBytes: 0, newBytes: 0 };
  try {
    for await (const object of objects) {
      const path = entryPath(object.name, false);
      paths.addFile(path, object.name);
      if (imported.files.length + 1 > maxFiles) throw new ArchiveRejected('too-large', `the source holds more than ${maxFiles} files`);
      imported.sizeBytes += object.size;
      if (imported.sizeBytes > limits.maxBytes) throw new ArchiveRejected('too-large', `the package is larger than the limit of ${limits.maxBytes} bytes`);
      await pool.submit(async () => {
        const result = await sink.putStream(await object.open(), { size: object.size });
        imported.files.push({ path, size: object.size, sha256: result.sha256, mode: object.mode });
        if (!result.alreadyPresent) imported.newBytes += object.size;
      });
    }
    await pool.drain();
  } catch (error) {
    await pool.settle();
    throw error;
  }
  if (imported.files.length === 0) throw new ArchiveRejected('empty', 'the source location holds no files');
  return imported;
}
