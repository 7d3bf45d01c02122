import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

const MIB = 1024 * 1024;
let randomMib: Buffer | undefined;

/**
 * `size` bytes (at most 1 MiB) unique per `stamp`: a copy of one random MiB, made once per process,
 * that starts with the stamp. Far cheaper than fresh randomness per byte; not the same in another process.
 */
export function stampedRandomBytes(stamp: string, size: number): Buffer {
  if (size > MIB) throw new RangeError(`stampedRandomBytes makes at most ${MIB} bytes, not ${size}`);
  randomMib ??= randomBytes(MIB);
  const bytes = Buffer.from(randomMib.subarray(0, size));
  bytes.write(stamp, 0, 'latin1');
  return bytes;
}

/**
 * `size` bytes unique per (seed, offset), made a MiB at a time as they are read, so a test or bench
 * streams files far larger than it wants to hold. The same seed gives the same bytes in this process only.
 */
export function seededRandomStream(seed: string, size: number): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(MIB, size - offset);
      this.push(stampedRandomBytes(`${seed}:${offset}:`, length));
      offset += length;
    },
  });
}
