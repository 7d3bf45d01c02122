import { ArchiveRejected } from './archive-rejected';
import { PathSet } from './path-set';

describe('PathSet', () => {
  it('accepts files in directories, declared or not', () => {
    const paths = new PathSet();
    paths.addDirectory('a', 'a/');
    paths.addFile('a/b', 'a/b');
    paths.addFile('a/c/d', 'a/c/d');
    expect(() => paths.addDirectory('a/c', 'a/c/')).not.toThrow();
  });

  it('refuses a path twice', () => {
    const paths = new PathSet();
    paths.addFile('a/b', 'a/b');
    expect(() => paths.addFile('a/b', './a/b')).toThrow('duplicate path a/b');
  });

  it('refuses a path that is a file and a directory, in either order', () => {
    const fileFirst = new PathSet();
    fileFirst.addFile('a', 'a');
    expect(() => fileFirst.addFile('a/b', 'a/b')).toThrow('a is both a file and a directory');
    const directoryFirst = new PathSet();
    directoryFirst.addFile('a/b', 'a/b');
    expect(() => directoryFirst.addFile('a', 'a')).toThrow('a is both a directory and a file');
  });

  it('names both entries of a duplicate', () => {
    const paths = new PathSet();
    paths.addFile('a/b', 'a/b');
    expect(() => paths.addFile('a/b', './a/b')).toThrow('entries "a/b" and "./a/b": duplicate path a/b');
  });

  it.each([
    ['files', ['README.txt', 'readme.txt'], 'the paths README.txt and readme.txt differ only by letter case'],
    ['a file and a directory', ['Docs', 'docs/a'], 'the paths Docs and docs differ only by letter case'],
    ['directories', ['Docs/a', 'docs/b'], 'the paths Docs and docs differ only by letter case'],
    ['non-ASCII letters', ['ÉTÉ.txt', 'été.txt'], 'the paths ÉTÉ.txt and été.txt differ only by letter case'],
  ])('refuses %s whose paths differ only by letter case, naming both entries', (_what, [first, second], why) => {
    const paths = new PathSet();
    paths.addFile(first, first);
    let error: unknown;
    try {
      paths.addFile(second, second);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArchiveRejected);
    expect((error as ArchiveRejected).reason).toBe('entry-refused');
    expect((error as ArchiveRejected).entry).toBe(second);
    expect((error as ArchiveRejected).message).toContain(`entries ${JSON.stringify(first)} and ${JSON.stringify(second)}`);
    expect((error as ArchiveRejected).message).toContain(why);
  });

  it('refuses case collisions of declared directories too, but not one directory declared twice', () => {
    const paths = new PathSet();
    paths.addDirectory('bin', 'bin/');
    expect(() => paths.addDirectory('bin', './bin/')).not.toThrow();
    expect(() => paths.addFile('bin/tool', 'bin/tool')).not.toThrow();
    expect(() => paths.addDirectory('BIN', 'BIN/')).toThrow('entries "bin/" and "BIN/": the paths bin and BIN differ only by letter case');
  });

  it('refuses two names that are one path once Unicode-normalized, naming both as spelled', () => {
    const decomposed = 'cafe\u0301.txt';
    const composed = 'caf\u00e9.txt';
    const paths = new PathSet();
    paths.addFile(composed, decomposed);
    expect(() => paths.addFile(composed, composed)).toThrow(
      `entries ${JSON.stringify(decomposed)} and ${JSON.stringify(composed)}: duplicate path ${composed} once Unicode-normalized (NFC)`,
    );
  });

  it('lets a directory spelled in both normal forms through: the client writes one', () => {
    const paths = new PathSet();
    paths.addDirectory('caf\u00e9', 'cafe\u0301/');
    expect(() => paths.addFile('caf\u00e9/menu.txt', 'caf\u00e9/menu.txt')).not.toThrow();
  });
});
