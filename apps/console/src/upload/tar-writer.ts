/** One regular file for the archive. `data` is read only when the archive is sent. */
export interface TarEntry {
  path: string;
  size: number;
  data: Blob;
  mode?: number;
  mtime?: Date;
}

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;
const encoder = new TextEncoder();

function writeText(block: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  block.set(bytes.subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeText(block, offset, length - 1, Math.floor(value).toString(8).padStart(length - 1, '0'));
}

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Splits a path into ustar prefix (≤155 bytes) and name (≤100 bytes) at a slash, if it can be. */
export function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (byteLength(path) <= 100) return { prefix: '', name: path };
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const prefix = path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (byteLength(prefix) <= 155 && byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return undefined;
}

function header(fields: { name: string; prefix: string; size: number; mode: number; mtime: number; type: '0' | 'x' }): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeText(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, Math.min(fields.size, MAX_OCTAL_SIZE));
  writeOctal(block, 136, 12, fields.mtime);
  block.fill(0x20, 148, 156);
  writeText(block, 156, 1, fields.type);
  writeText(block, 257, 6, 'ustar\0');
  writeText(block, 263, 2, '00');
  writeText(block, 345, 155, fields.prefix);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  writeText(block, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** A pax record "LEN key=value\n", where LEN counts its own digits too. */
export function paxRecord(key: string, value: string): string {
  const rest = byteLength(` ${key}=${value}\n`);
  let length = rest + 1;
  while (length !== rest + String(length).length) length = rest + String(length).length;
  return `${length} ${key}=${value}\n`;
}

function padding(size: number): Uint8Array {
  const remainder = size % BLOCK;
  return new Uint8Array(remainder === 0 ? 0 : BLOCK - remainder);
}

/** The header blocks for one file: a pax header first when the path or size does not fit ustar. */
export function entryHeaders(entry: TarEntry): Uint8Array[] {
  const mode = entry.mode ?? 0o644;
  const mtime = Math.floor((entry.mtime?.getTime() ?? 0) / 1000);
  const split = splitUstarPath(entry.path);
  const blocks: Uint8Array[] = [];
  const records = [
    ...(split ? [] : [paxRecord('path', entry.path)]),
    ...(entry.size > MAX_OCTAL_SIZE ? [paxRecord('size', String(entry.size))] : []),
  ];
  if (records.length > 0) {
    const body = encoder.encode(records.join(''));
    blocks.push(header({ name: 'PaxHeader', prefix: '', size: body.length, mode: 0o644, mtime, type: 'x' }), body, padding(body.length));
  }
  const fallback = split ?? { prefix: '', name: entry.path.slice(-100) };
  blocks.push(header({ name: fallback.name, prefix: fallback.prefix, size: entry.size, mode, mtime, type: '0' }));
  return blocks;
}

/**
 * The whole folder as one tar Blob. The Blob only references the files: the browser reads each
 * one from disk while it sends the request, so a large folder never has to fit in memory.
 */
export function buildTar(entries: readonly TarEntry[]): Blob {
  const parts: BlobPart[] = [];
  for (const entry of entries) {
    parts.push(...(entryHeaders(entry) as BlobPart[]), entry.data, padding(entry.size) as BlobPart);
  }
  parts.push(new Uint8Array(BLOCK * 2) as BlobPart);
  return new Blob(parts, { type: 'application/x-tar' });
}
