import { Readable } from 'node:stream';
import { casKey, type PutResult } from '@sdp/storage';
import { RevocableSink } from './revocable-sink';

/** Answers like the source store: a hash already there is `alreadyPresent`. */
class StoreDouble {
  readonly present = new Set<string>(['a'.repeat(64)]);
  readonly deleted: string[] = [];

  async putStream(body: Readable): Promise<PutResult> {
    let text = '';
    for await (const chunk of body) text += String(chunk);
    const sha256 = text.repeat(64).slice(0, 64);
    const alreadyPresent = this.present.has(sha256);
    this.present.add(sha256);
    return { sha256, size: text.length, alreadyPresent };
  }

  async delete(key: string): Promise<void> {
    if (key.endsWith('c'.repeat(64))) throw new Error('S3 hiccup');
    this.deleted.push(key);
  }
}

describe('RevocableSink', () => {
  it('deletes on revoke only the objects it wrote, not those stored before, and never throws', async () => {
    const store = new StoreDouble();
    const sink = new RevocableSink(store);
    for (const letter of ['a', 'b', 'b', 'c', 'd']) await sink.putStream(Readable.from([letter]));
    await expect(sink.revoke()).resolves.toBeUndefined();
    expect(store.deleted.sort()).toEqual([casKey('b'.repeat(64)), casKey('d'.repeat(64))]);
  });
});
