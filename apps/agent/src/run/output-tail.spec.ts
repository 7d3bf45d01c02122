import { OutputTail, programOutput } from './output-tail';

function tailOf(limit: number, ...chunks: (string | Buffer)[]): { text: string; truncated: boolean } {
  const tail = new OutputTail(limit);
  for (const chunk of chunks) tail.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return tail.text();
}

describe('OutputTail', () => {
  it('keeps everything a short program wrote, as it wrote it', () => {
    expect(tailOf(4096, 'unpacking\n', 'done\tok ü 😀\n')).toEqual({ text: 'unpacking\ndone\tok ü 😀\n', truncated: false });
    expect(tailOf(4096)).toEqual({ text: '', truncated: false });
  });

  it('keeps only the last bytes of a long output, across chunks of any size', () => {
    const tail = new OutputTail(256);
    for (let line = 0; line < 10_000; line += 1) tail.write(Buffer.from(`line ${line}\n`));
    const { text, truncated } = tail.text();
    expect(truncated).toBe(true);
    expect(text.endsWith('line 9999\n')).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(256);
    expect(text).toBe(Array.from({ length: 10_000 }, (_, line) => `line ${line}\n`).join('').slice(-256));
  });

  it('stays bounded for 1 MiB written at once and in odd chunks', () => {
    const mebibyte = Buffer.alloc(1024 * 1024, 'a');
    mebibyte.write('END', mebibyte.length - 3);
    const once = tailOf(4096, mebibyte);
    expect(once.truncated).toBe(true);
    expect(once.text).toBe(`${'a'.repeat(4093)}END`);
    const tail = new OutputTail(4096);
    for (let offset = 0; offset < mebibyte.length; offset += 4099) tail.write(mebibyte.subarray(offset, offset + 4099));
    expect(tail.text()).toEqual(once);
  });

  it('cuts on a character boundary: no half character at the start', () => {
    // 'é' is 2 bytes, '€' 3, '😀' 4: the oldest kept byte may be the middle of one.
    for (const character of ['é', '€', '😀']) {
      for (let limit = 256; limit < 260; limit += 1) {
        const { text, truncated } = tailOf(limit, character.repeat(200));
        expect(truncated).toBe(true);
        expect(text).toBe(character.repeat(Math.floor(limit / Buffer.byteLength(character))));
      }
    }
  });

  it('escapes control characters but line feed and tab, shows bytes that are not UTF-8 as \\xNN, and CRLF as LF', () => {
    const bytes = Buffer.concat([Buffer.from('red\u001b[31m\u0007\r\nbidi\u202e\u0085\tend\rx\n'), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80])]);
    expect(tailOf(4096, bytes)).toEqual({
      text: 'red\\u{001B}[31m\\u{0007}\nbidi\\u{202E}\\u{0085}\tend\\u{000D}x\n\\xFF\\xC3(\\xED\\xA0\\x80',
      truncated: false,
    });
  });

  it('holds the escaped text to the limit too, dropping the oldest escapes whole', () => {
    const { text, truncated } = tailOf(256, Buffer.alloc(200, 0x07));
    expect(truncated).toBe(true);
    expect(text).toBe('\\u{0007}'.repeat(32));
  });

  it('reports both streams, truncated when either was', () => {
    const stdout = new OutputTail(256);
    const stderr = new OutputTail(256);
    stdout.write(Buffer.from('ok\n'));
    stderr.write(Buffer.alloc(300, 'e'));
    expect(programOutput(stdout, stderr)).toEqual({ stdout: 'ok\n', stderr: 'e'.repeat(256), truncated: true });
  });
});
