import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/** The keystream of a seed: the same seed gives the same bytes in every process. */
function keystream(seed: string) {
  return createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
}

/**
 * `size` deterministic pseudo-random bytes (AES-256-CTR keystream of a seed), produced chunk by
 * chunk so a test or bench can stream objects far larger than it wants to hold. The one generator
 * of test content: incompressible, unique per seed, the same in every process.
 */
export function pseudoRandomStream(size: number, seed: string): Readable {
  const cipher = keystream(seed);
  const zeros = Buffer.alloc(CHUNK);
  let remaining = size;
  return new Readable({
    read() {
      if (remaining === 0) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK, remaining);
      remaining -= length;
      this.push(cipher.update(zeros.subarray(0, length)));
    },
  });
}

/** The first `size` bytes of pseudoRandomStream(size, seed), at once: for small files. */
export function pseudoRandomBytes(size: number, seed: string): Buffer {
  return keystream(seed).update(Buffer.alloc(size));
}

export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export function sha256Of(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
