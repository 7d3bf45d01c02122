import { firstUnprintable, printable, printableJson, printableLines } from './printable';

describe('printable', () => {
  it('shows control characters, C1 controls and bidi overrides as visible escapes', () => {
    expect(printable('red\u001b[31mtext\u0007')).toBe('red\\u{001B}[31mtext\\u{0007}');
    expect(printable('x\u009b2Jy')).toBe('x\\u{009B}2Jy');
    expect(printable('invoice.\u202etxt.exe')).toBe('invoice.\\u{202E}txt.exe');
    expect(printable('Demo Tool — ü 😀 עברית')).toBe('Demo Tool — ü 😀 עברית');
  });

  it('keeps line breaks in multi-line output, and is idempotent', () => {
    expect(printableLines('Name  \u001b]0;owned\u0007\nNext  ok')).toBe('Name  \\u{001B}]0;owned\\u{0007}\nNext  ok');
    expect(printable(printable('\u001b'))).toBe('\\u{001B}');
  });

  it('writes JSON with the same value but nothing raw that a terminal acts on', () => {
    const json = printableJson({ name: 'a\u202eb\u0085\u007f', escape: '\u001b' }, 2);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json)).toEqual({ name: 'a\u202eb\u0085\u007f', escape: '\u001b' });
  });
});

describe('firstUnprintable', () => {
  it('names the first unprintable character, allowing tabs and line breaks only in multi-line text', () => {
    expect(firstUnprintable('exe.\u202etxt')).toBe('U+202E');
    expect(firstUnprintable('a\u2066b')).toBe('U+2066');
    expect(firstUnprintable('tab\there')).toBe('U+0009');
    expect(firstUnprintable('line\none\ttab\r\n', { multiline: true })).toBeUndefined();
    expect(firstUnprintable('bell\u0007', { multiline: true })).toBe('U+0007');
    expect(firstUnprintable('Demo Tool 1.2 — ü 😀')).toBeUndefined();
  });
});
