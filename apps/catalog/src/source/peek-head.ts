/**
 * The first `count` bytes of a byte stream (fewer when it is shorter) and the whole stream again,
 * head included. Returning from `rest` lets go of the source's iterator without destroying it, so
 * a request body can still be drained and answered.
 */
export async function peekHead(source: AsyncIterable<Buffer | Uint8Array>, count: number): Promise<{ head: Buffer; rest: AsyncGenerator<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let takenBytes = 0;
  let ended = false;
  while (takenBytes < count) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    taken.push(chunk);
    takenBytes += chunk.length;
  }
  const head = Buffer.concat(taken);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
    } finally {
      await iterator.return?.();
    }
  }
  return { head: head.subarray(0, count), rest: rest() };
}

function toBuffer(chunk: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}
