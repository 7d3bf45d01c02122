import fc from 'fast-check';
import { readParts } from './read-parts';

async function collect(chunks: Buffer[], partSize: number): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const part of readParts((async function* () { yield* chunks; })(), partSize)) {
    parts.push(part);
  }
  return parts;
}

describe('readParts', () => {
  it('yields nothing for an empty stream', async () => {
    expect(await collect([], 4)).toEqual([]);
    expect(await collect([Buffer.alloc(0)], 4)).toEqual([]);
  });

  it('splits and joins chunks into full parts and a shorter last one', async () => {
    const parts = await collect([Buffer.from('abc'), Buffer.from('defghij'), Buffer.from('k')], 4);
    expect(parts.map((part) => part.toString())).toEqual(['abcd', 'efgh', 'ijk']);
  });

  it('keeps any chunking of any bytes intact and evenly cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), fc.integer({ min: 1, max: 17 }), async (chunks, partSize) => {
        const input = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
        const parts = await collect(chunks.map((chunk) => Buffer.from(chunk)), partSize);

        expect(Buffer.concat(parts)).toEqual(input);
        expect(parts.slice(0, -1).every((part) => part.length === partSize)).toBe(true);
        expect(parts.every((part) => part.length > 0 && part.length <= partSize)).toBe(true);
      }),
    );
  });
});
