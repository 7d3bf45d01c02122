import { ArchiveRejected } from './archive-rejected';

interface Seen {
  path: string;
  kind: 'file' | 'directory';
  /** The entry that brought the path in (for a parent directory, the entry under it). */
  rawName: string;
}

/**
 * The paths seen so far in one archive: a path may appear once, never both as a file and as a
 * directory (a file `a` and a file `a/b` would collide on every client's disk), and never in two
 * spellings one disk would take for one: paths that differ only by letter case (`README.txt`,
 * `readme.txt`) are one file on Windows and macOS, and names that are equal once Unicode-normalized
 * (`café` as e + U+0301 and as U+00E9) became the same path in entryPath. Every refusal names both
 * entries.
 */
export class PathSet {
  /** By collisionKey: the first spelling of every path and of every parent directory. */
  private readonly seen = new Map<string, Seen>();

  /** `path` as entryPath made it (NFC); `rawName` as the archive spelled it. */
  addFile(path: string, rawName: string): void {
    this.addParents(path, rawName);
    this.add({ path, kind: 'file', rawName });
  }

  addDirectory(path: string, rawName: string): void {
    if (path === '') return;
    this.addParents(path, rawName);
    this.add({ path, kind: 'directory', rawName });
  }

  private addParents(path: string, rawName: string): void {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      this.add({ path: path.slice(0, slash), kind: 'directory', rawName });
    }
  }

  private add(next: Seen): void {
    const key = collisionKey(next.path);
    const earlier = this.seen.get(key);
    if (earlier === undefined) {
      this.seen.set(key, next);
      return;
    }
    const both = `entries ${JSON.stringify(earlier.rawName)} and ${JSON.stringify(next.rawName)}`;
    if (earlier.path !== next.path) {
      this.refuse(next.rawName, `${both}: the paths ${earlier.path} and ${next.path} differ only by letter case; Windows and macOS would make them one`);
    }
    if (earlier.kind !== next.kind) {
      const [first, second] = earlier.kind === 'file' ? ['a file', 'a directory'] : ['a directory', 'a file'];
      this.refuse(next.rawName, `${both}: ${next.path} is both ${first} and ${second}`);
    }
    if (next.kind === 'directory') return;
    const normalized = earlier.rawName !== next.rawName && (!isNfc(earlier.rawName) || !isNfc(next.rawName));
    this.refuse(next.rawName, `${both}: duplicate path ${next.path}${normalized ? ' once Unicode-normalized (NFC): every client would make them one file' : ''}`);
  }

  private refuse(rawName: string, why: string): never {
    throw new ArchiveRejected('entry-refused', why, rawName);
  }
}

/** What a case-insensitive, normalizing file system (Windows, macOS) compares: NFC and lower case. */
function collisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

function isNfc(name: string): boolean {
  return name === name.normalize('NFC');
}
