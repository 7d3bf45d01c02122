/**
 * Regroups a byte stream into parts of exactly `partSize` bytes (the last one shorter), holding at
 * most one part at a time. Nothing is yielded for an empty stream.
 */
export async function* readParts(source: AsyncIterable<Buffer>, partSize: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, partSize - pendingBytes);
      pending.push(chunk.subarray(offset, offset + take));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === partSize) {
        const part = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        yield part;
      }
    }
  }
  if (pendingBytes > 0) {
    yield Buffer.concat(pending, pendingBytes);
  }
}
