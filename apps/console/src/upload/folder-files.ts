import { TarEntry } from './tar-writer';

/** Same rules the catalog applies, checked here so a bad name is named before any byte is sent. */
export function pathProblem(path: string): string | undefined {
  if (path === '' || path.startsWith('/')) return `${path || '(empty name)'}: absolute or empty path`;
  if (/[\u0000-\u001f\u007f]/.test(path)) return `${JSON.stringify(path)}: control characters are not allowed`;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return `${path}: empty, . or .. segment`;
  return undefined;
}

function toEntry(file: File, path: string): TarEntry {
  return { path: path.normalize('NFC'), size: file.size, data: file, mtime: new Date(file.lastModified || Date.now()) };
}

/** Files from `<input webkitdirectory>`: paths start with the chosen folder's name, which is dropped. */
export function entriesFromFileList(files: FileList | readonly File[]): TarEntry[] {
  return Array.from(files)
    .map((file) => {
      const relative = file.webkitRelativePath || file.name;
      const slash = relative.indexOf('/');
      return toEntry(file, slash === -1 ? relative : relative.slice(slash + 1));
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (about 100 in Chrome) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: TarEntry[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(toEntry(file, `${prefix}${entry.name}`));
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) {
      await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Files from a drop: one dropped folder becomes the package root; dropped files sit at the root. */
export async function entriesFromDrop(items: DataTransferItemList): Promise<TarEntry[]> {
  const roots = Array.from(items)
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const out: TarEntry[] = [];
  if (roots.length === 1 && roots[0].isDirectory) {
    for (const child of await readAll((roots[0] as FileSystemDirectoryEntry).createReader())) await walk(child, '', out);
  } else {
    for (const root of roots) await walk(root, '', out);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
