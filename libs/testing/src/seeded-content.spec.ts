import { seededRandomStream, stampedRandomBytes } from './seeded-content';

const MIB = 1024 * 1024;

async function bytesOf(seed: string, size: number): Promise<Buffer> {
  return Buffer.concat(await seededRandomStream(seed, size).toArray());
}

describe('seeded random content', () => {
  it('gives the same bytes for the same seed and other bytes for another, of the size asked', async () => {
    const size = 2 * MIB + 17;
    const first = await bytesOf('a', size);
    expect(first.length).toBe(size);
    expect(first.equals(await bytesOf('a', size))).toBe(true);
    expect(first.equals(await bytesOf('b', size))).toBe(false);
    expect(await bytesOf('a', 0)).toEqual(Buffer.alloc(0));
  });

  it('makes every MiB of one stream differ', async () => {
    const bytes = await bytesOf('a', 2 * MIB);
    expect(bytes.subarray(0, MIB).equals(bytes.subarray(MIB))).toBe(false);
  });

  it('stamps at most a MiB', () => {
    expect(stampedRandomBytes('x:1:', 100).subarray(0, 4).toString('latin1')).toBe('x:1:');
    expect(() => stampedRandomBytes('x', MIB + 1)).toThrow(RangeError);
  });
});
