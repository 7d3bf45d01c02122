import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/**
 * `size` deterministic pseudo-random bytes (AES-256-CTR keystream of a seed), produced chunk by
 * chunk so a test can stream objects far larger than it wants to hold.
 */
export function pseudoRandomStream(size: number, seed: string): Readable {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
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
