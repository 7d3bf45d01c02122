import { packageDefinitionTooLarge } from './package-definition.errors';

/**
 * Reads a whole small body (the route has no body parser) and decodes it: UTF-16LE when it starts
 * with that byte-order mark (as Windows tools write .sms files), UTF-8 otherwise.
 */
export async function readTextBody(body: AsyncIterable<Buffer>, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limitBytes) throw packageDefinitionTooLarge(`a package definition file is at most ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}
