import { ArchiveRejected } from './archive-rejected';
import { entryPath } from './entry-path';

function rejection(name: string, isDirectory = false): ArchiveRejected {
  try {
    entryPath(name, isDirectory);
  } catch (error) {
    return error as ArchiveRejected;
  }
  throw new Error(`${JSON.stringify(name)} was accepted`);
}

describe('entryPath', () => {
  it('keeps relative names and drops ./ and a directory slash', () => {
    expect(entryPath('bin/setup.exe', false)).toBe('bin/setup.exe');
    expect(entryPath('./bin/setup.exe', false)).toBe('bin/setup.exe');
    expect(entryPath('bin/', true)).toBe('bin');
    expect(entryPath('./', true)).toBe('');
  });

  it('normalises to NFC', () => {
    expect(entryPath('cafe\u0301.txt', false)).toBe('caf\u00e9.txt');
  });

  it.each([
    ['/etc/passwd', 'absolute'],
    ['../x', '..'],
    ['a/../../x', '..'],
    ['a/./b', '. segments'],
    ['a//b', 'empty path segments'],
    ['a\u0000b', 'NUL'],
    ['a\nb', 'control'],
    ['a\u007fb', 'control'],
    ['a\ufffdb', 'invalid UTF-8'],
    ['..\\x', '\\'],
    ['C:/x', 'drive-letter'],
    ['.', 'a file needs a name'],
    [`${'a'.repeat(256)}/b`, 'longer than 255'],
  ])('refuses %j with 422', (name, why) => {
    const error = rejection(name);
    expect(error).toBeInstanceOf(ArchiveRejected);
    expect(error.reason).toBe('entry-refused');
    expect(error.message).toContain(why);
    expect(error.entry).toBe(name);
  });

  it.each([
    ['photo\u202egpj.exe', '202E'],
    ['a\u202ab', '202A'],
    ['dir\u2066/x', '2066'],
    ['x\u2069', '2069'],
  ])('refuses the bidi control in %j with 422 naming the character, escaped in the message', (name, code) => {
    const error = rejection(name);
    expect(error.reason).toBe('entry-refused');
    expect(error.entry).toBe(name);
    expect(error.message).toContain(`bidirectional control characters (U+${code})`);
    expect(error.message).toContain(`\\u${code.toLowerCase()}`);
    expect(error.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps letters of right-to-left scripts and the marks they need', () => {
    expect(entryPath('\u05e9\u05dc\u05d5\u05dd.txt', false)).toBe('\u05e9\u05dc\u05d5\u05dd.txt');
    expect(entryPath('a\u200eb', false)).toBe('a\u200eb');
  });
});
