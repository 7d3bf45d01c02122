import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFixtureEntry {
  /** Written as is (UTF-8, flag bit 11 set): a directory's name ends in `/`. */
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink';
  /** Permission bits, stored in the external attributes of a zip made on unix. */
  mode?: number;
  /** A symlink's target (its content, as zip tools store it). */
  linkname?: string;
  method?: 'deflate' | 'store';
  /** Declares another uncompressed size than the content has, as a zip bomb or a damaged zip would. */
  declaredSize?: number;
}

const UNIX_HOST = 3;
const MSDOS_HOST = 0;
const UTF8_NAMES = 0x0800;
const TYPE_BITS = { file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;
const MSDOS_DIRECTORY = 0x10;
/** 1980-01-01 00:00, the first day a zip can name. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A complete zip archive of the entries, for tests: made "on unix" (modes and file types in the
 * external attributes, what Info-ZIP and macOS write) or "on MS-DOS/Windows" (no modes, only the
 * directory attribute).
 */
export function zipOf(entries: readonly ZipFixtureEntry[], options: { madeOn?: 'unix' | 'windows' } = {}): Buffer {
  const unix = (options.madeOn ?? 'unix') === 'unix';
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? (entry.name.endsWith('/') ? 'directory' : 'file');
    const content = type === 'symlink' ? Buffer.from(entry.linkname ?? '') : typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    const deflate = (entry.method ?? 'deflate') === 'deflate' && type === 'file';
    const data = deflate ? deflateRawSync(content) : content;
    const name = Buffer.from(entry.name, 'utf8');
    const checksum = crc32(content);
    const size = entry.declaredSize ?? content.length;
    const mode = entry.mode ?? (type === 'file' ? 0o644 : 0o755);
    const external = unix ? ((TYPE_BITS[type] | mode) << 16) >>> 0 : type === 'directory' ? MSDOS_DIRECTORY : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(deflate ? size : data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(((unix ? UNIX_HOST : MSDOS_HOST) << 8) | 30, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(deflate ? size : data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(external, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
