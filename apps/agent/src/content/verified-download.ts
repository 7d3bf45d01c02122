import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withoutQuery } from '../api/http';
import { HashMismatchError } from './content-errors';

const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

/**
 * Streams bytes into `target` while hashing them; the file appears under its final name only
 * when size and sha256 both match, so whatever sits at `target` is verified.
 */
export async function saveVerified(source: Readable, target: string, expected: { sha256: string; size: number }, what: string): Promise<void> {
  const temp = `${target}.${process.pid}.${Date.now()}.part`;
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > expected.size) {
        callback(new HashMismatchError(what, expected.sha256, `more than ${expected.size} bytes`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(temp, { mode: 0o600 }));
    const actual = hash.digest('hex');
    if (actual !== expected.sha256 || size !== expected.size) {
      throw new HashMismatchError(what, expected.sha256, size !== expected.size ? `${size} bytes` : actual);
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function downloadVerified(url: string, target: string, expected: { sha256: string; size: number }, what: string): Promise<void> {
  await saveVerified(await openDownload(url), target, expected, what);
}

export function copyVerified(sourcePath: string, target: string, expected: { sha256: string; size: number }, what: string): Promise<void> {
  return saveVerified(createReadStream(sourcePath), target, expected, what);
}

/** Small documents (the manifest) read whole. */
export async function downloadBytes(url: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await openDownload(url)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new Error(`${withoutQuery(url)} is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function openDownload(url: string): Promise<Readable> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new Error(`GET ${withoutQuery(url)}: ${cause?.code ?? (error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`GET ${withoutQuery(url)} answered ${response.status}`);
  }
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
}
