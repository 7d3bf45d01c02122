import { peekHead } from './peek-head';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function all(stream: AsyncIterable<Buffer>): Promise<string> {
  const read: Buffer[] = [];
  for await (const chunk of stream) read.push(chunk);
  return Buffer.concat(read).toString();
}

describe('peekHead', () => {
  it('gives the first bytes across chunks and the whole stream again', async () => {
    const { head, rest } = await peekHead(chunks('ab', 'cd', 'efgh'), 3);
    expect(head.toString()).toBe('abc');
    expect(await all(rest)).toBe('abcdefgh');
  });

  it('gives what there is of a short or empty stream', async () => {
    const short = await peekHead(chunks('ab'), 4);
    expect(short.head.toString()).toBe('ab');
    expect(await all(short.rest)).toBe('ab');
    const empty = await peekHead(chunks(), 4);
    expect(empty.head.length).toBe(0);
    expect(await all(empty.rest)).toBe('');
  });

  it('lets go of the source when the rest is abandoned', async () => {
    let released = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (;;) yield Buffer.from('x');
      } finally {
        released = true;
      }
    }
    const { rest } = await peekHead(source(), 1);
    for await (const _chunk of rest) break;
    expect(released).toBe(true);
  });
});
