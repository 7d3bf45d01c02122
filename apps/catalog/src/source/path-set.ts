import { ArchiveRejected } from './archive-rejected';

/**
 * The paths seen so far in one archive: a path may appear once, and never both as a file and as
 * a directory (a file `a` and a file `a/b` would collide on every client's disk).
 */
export class PathSet {
  private readonly files = new Set<string>();
  private readonly directories = new Set<string>();

  addFile(path: string, rawName: string): void {
    if (this.files.has(path)) this.refuse(rawName, `duplicate path ${path}`);
    if (this.directories.has(path)) this.refuse(rawName, `${path} is both a directory and a file`);
    this.addParents(path, rawName);
    this.files.add(path);
  }

  addDirectory(path: string, rawName: string): void {
    if (path === '') return;
    if (this.files.has(path)) this.refuse(rawName, `${path} is both a file and a directory`);
    this.addParents(path, rawName);
    this.directories.add(path);
  }

  private addParents(path: string, rawName: string): void {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const parent = path.slice(0, slash);
      if (this.files.has(parent)) this.refuse(rawName, `${parent} is both a file and a directory`);
      this.directories.add(parent);
    }
  }

  private refuse(rawName: string, why: string): never {
    throw new ArchiveRejected(422, `entry ${JSON.stringify(rawName)}: ${why}`, rawName);
  }
}
