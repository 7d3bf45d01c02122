import { pseudoRandomBytes, pseudoRandomStream, sha256Of, sha256OfStream } from './seeded-content';

describe('seeded test content', () => {
  it('gives the same bytes for the same seed, streamed or at once, and other bytes for another seed', async () => {
    const size = 2 * 1024 * 1024 + 17;
    const streamed = Buffer.concat(await pseudoRandomStream(size, 'seed-a').toArray());
    expect(streamed).toHaveLength(size);
    expect(pseudoRandomBytes(size, 'seed-a').equals(streamed)).toBe(true);
    expect(await sha256OfStream(pseudoRandomStream(size, 'seed-a'))).toEqual({ sha256: sha256Of(streamed), size });
    expect(pseudoRandomBytes(64, 'seed-b').equals(streamed.subarray(0, 64))).toBe(false);
  });
});
