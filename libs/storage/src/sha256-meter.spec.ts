import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Sha256Meter } from './sha256-meter';

describe('Sha256Meter', () => {
  it('passes bytes through unchanged while hashing and counting them', async () => {
    const chunks = [randomBytes(10), randomBytes(70_000), Buffer.alloc(0), randomBytes(3)];
    const progress: number[] = [];
    const meter = new Sha256Meter((bytesSoFar) => progress.push(bytesSoFar));
    const output: Buffer[] = [];

    await pipeline(Readable.from(chunks), meter, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) output.push(chunk);
    });

    const input = Buffer.concat(chunks);
    expect(Buffer.concat(output)).toEqual(input);
    expect(meter.sha256).toBe(createHash('sha256').update(input).digest('hex'));
    expect(meter.bytes).toBe(input.length);
    expect(progress.at(-1)).toBe(input.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('knows the digest of an empty stream', async () => {
    const meter = new Sha256Meter();
    await pipeline(Readable.from([]), meter, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) void chunk;
    });
    expect(meter.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses to report a digest before the end', () => {
    const meter = new Sha256Meter();
    meter.write(Buffer.from('partial'));
    expect(() => meter.sha256).toThrow(/after the stream has ended/);
    meter.destroy();
  });
});
