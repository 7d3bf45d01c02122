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
});
