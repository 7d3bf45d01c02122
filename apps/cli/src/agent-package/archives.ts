import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip, crc32, deflateRawSync } from 'node:zlib';
import { pack as createPack } from 'tar-stream';

/** One file of an archive: its path inside, its bytes and its Unix mode. */
export interface ArchiveEntry {
  path: string;
  data: Buffer;
  mode: number;
}

/** A gzipped tar of the entries, each below `folder/`, owned by root. */
export async function writeTarGz(target: string, folder: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const pack = createPack();
  const mtime = new Date();
  const writing = pipeline(pack, createGzip(), createWriteStream(target));
  pack.entry({ name: `${folder}/`, type: 'directory', mode: 0o755, mtime, uid: 0, gid: 0, uname: 'root', gname: 'wheel' });
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: `${folder}/${entry.path}`, mode: entry.mode, mtime, uid: 0, gid: 0, uname: 'root', gname: 'wheel' }, entry.data, (error) => (error ? reject(error) : resolve())),
    );
  }
  pack.finalize();
  await writing;
}

/** MS-DOS date and time of a zip entry. */
function dosTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * A zip of the entries (deflated, names in UTF-8), as Windows' Expand-Archive and Explorer read
 * it. Without ZIP64: every entry and the whole archive stay below 4 GiB.
 */
export function zipArchive(entries: readonly ArchiveEntry[], now = new Date()): Buffer {
  const { time, date } = dosTime(now);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 6 });
    const crc = crc32(entry.data);
    if (compressed.length >= 0xffffffff || entry.data.length >= 0xffffffff) throw new Error(`${entry.path} is too large for a zip without ZIP64`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38); // external attributes: regular file and mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
