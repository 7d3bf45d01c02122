import { MultipartUpload, UploadTarget } from './multipart-upload';

/**
 * Bytes that have been read completely but are not visible in the bucket yet.
 * - `inline`: the whole object fit in one part and is held in memory; nothing was sent.
 * - `multipart`: every part was uploaded under `key`; S3 shows the object only once `complete` is
 *   called (a failed completion drops the parts), and `discard` drops them.
 */
export type StagedUpload =
  | { kind: 'inline'; body: Buffer }
  | { kind: 'multipart'; key: string; complete(): Promise<void>; discard(): Promise<void> };

/**
 * Uploads parts without committing them, so the caller can check the digest of everything it read
 * before the object appears. minio's putObject cannot serve here: it completes the upload as soon
 * as the body ends, and it never settles when the body fails (it listens for errors on its own
 * chunker, not on the body), leaving the caller hanging and the parts behind.
 * One part uploads while the next one is read: at most two parts are in memory.
 */
export async function stageUpload(target: UploadTarget, key: string, parts: AsyncIterable<Buffer>): Promise<StagedUpload> {
  const iterator = parts[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { kind: 'inline', body: Buffer.alloc(0) };
  const second = await iterator.next();
  if (second.done) return { kind: 'inline', body: first.value };

  let upload: MultipartUpload;
  try {
    upload = await MultipartUpload.start(target, key);
  } catch (error) {
    await iterator.return?.(undefined);
    throw error;
  }
  let inFlight = upload.sendPart(first.value);
  try {
    let waiting: IteratorResult<Buffer> = second;
    while (!waiting.done) {
      await inFlight;
      inFlight = upload.sendPart(waiting.value);
      waiting = await iterator.next();
    }
    await inFlight;
  } catch (error) {
    // Let the part on the wire settle first: a part that lands after the abort would outlive it.
    await inFlight.catch(() => undefined);
    await iterator.return?.(undefined);
    await upload.abortQuietly();
    throw error;
  }
  const complete = async (): Promise<void> => {
    try {
      await upload.complete();
    } catch (error) {
      await upload.abortQuietly();
      throw error;
    }
  };
  return { kind: 'multipart', key, complete, discard: () => upload.abortQuietly() };
}

export async function putSingle(target: UploadTarget, key: string, body: Buffer, contentType: string): Promise<void> {
  await target.client.putObject(target.bucket, key, body, body.length, { 'Content-Type': contentType });
}
