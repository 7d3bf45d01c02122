import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ThrottleStream } from './throttle-stream';

describe('ThrottleStream', () => {
  it('passes every byte through in order', async () => {
    const chunks = Array.from({ length: 20 }, () => randomBytes(50_000));
    const throttled = Readable.from(chunks).pipe(new ThrottleStream(1024 * 1024 * 1024));

    const output = Buffer.concat(await throttled.toArray());

    expect(output).toEqual(Buffer.concat(chunks));
  });

  it('can be destroyed while a chunk is held back', async () => {
    const throttle = new ThrottleStream(1);
    throttle.write(Buffer.alloc(1000));
    throttle.destroy();

    await new Promise((resolve) => throttle.once('close', resolve));
    expect(throttle.destroyed).toBe(true);
  });
});
