import type { Readable } from 'node:stream';
import { casKey, type ContentStore, type PutResult, type PutStreamOptions } from '@sdp/storage';
import type { ObjectSink } from './archive-importer';
import { TaskPool } from './task-pool';

const REVOKE_CONCURRENCY = 8;

/**
 * The source store as one import sees it: it remembers the objects the import wrote (not those
 * that were stored already), so that when the import is refused or fails before its version is
 * committed, `revoke` deletes them again and the refused upload leaves nothing behind.
 * Objects stored before the import began are never touched. One race remains: another import
 * that, while this one ran, found one of these very objects present and commits it afterwards
 * would lose it; that takes identical new content in two uploads at the same moment, one of
 * them refused.
 */
export class RevocableSink implements ObjectSink {
  private readonly written = new Set<string>();

  constructor(private readonly store: Pick<ContentStore, 'putStream' | 'delete'>) {}

  async putStream(body: Readable, options?: PutStreamOptions): Promise<PutResult> {
    const result = await this.store.putStream(body, options);
    if (!result.alreadyPresent) this.written.add(result.sha256);
    return result;
  }

  /** Deletes every object this import wrote; best effort, it never throws (what is left is unreferenced). */
  async revoke(): Promise<void> {
    const pool = new TaskPool(REVOKE_CONCURRENCY);
    for (const sha256 of this.written) {
      await pool.submit(() => this.store.delete(casKey(sha256)).catch(() => undefined));
    }
    await pool.settle();
    this.written.clear();
  }
}
