import { ArchiveRejected } from './archive-rejected';

export const MAX_PATH_BYTES = 4096;
export const MAX_SEGMENT_BYTES = 255;

// C0 and C1 controls and DEL; U+FFFD is what undecodable UTF-8 in a name turns into.
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\ufffd]/;
// Bidi embeddings, overrides and isolates: they make a name display as another (`photo` U+202E `gpj.exe` shows as `photoexe.jpg`).
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * The manifest path of a tar entry name: relative, `/`-separated, NFC-normalised. A leading `./`
 * (what `tar -C dir .` writes) and a directory's trailing `/` are dropped; everything that could
 * name a place outside the package root, or name it ambiguously, is refused. Returns '' for the
 * root directory itself.
 */
export function entryPath(rawName: string, isDirectory: boolean): string {
  const refuse = (why: string): never => {
    throw new ArchiveRejected('entry-refused', `entry ${visible(rawName)}: ${why}`, rawName);
  };
  if (FORBIDDEN_CHARACTER.test(rawName)) refuse('names must not contain NUL, control characters or invalid UTF-8');
  const bidi = BIDI_CONTROL.exec(rawName);
  if (bidi) refuse(`names must not contain bidirectional control characters (U+${codePoint(bidi[0])}), which make a name display as another`);
  if (rawName.includes('\\')) refuse('names must use / as separator, never \\');
  if (rawName.startsWith('/')) refuse('absolute names are not allowed');
  if (/^[A-Za-z]:/.test(rawName)) refuse('drive-letter names are not allowed');
  let name = rawName.normalize('NFC');
  while (name.startsWith('./')) name = name.slice(2);
  if (isDirectory && name.endsWith('/')) name = name.slice(0, -1);
  if (name === '' || name === '.') {
    if (isDirectory) return '';
    refuse('a file needs a name');
  }
  for (const segment of name.split('/')) {
    if (segment === '') refuse('empty path segments (//) are not allowed');
    if (segment === '..') refuse('.. segments are not allowed');
    if (segment === '.') refuse('. segments are not allowed');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) refuse(`a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  if (Buffer.byteLength(name) > MAX_PATH_BYTES) refuse(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  return name;
}

/** The name quoted, its bidi controls escaped so the message itself does not display reversed. */
function visible(rawName: string): string {
  return JSON.stringify(rawName).replace(new RegExp(BIDI_CONTROL.source, 'g'), (character) => `\\u${codePoint(character).toLowerCase()}`);
}

function codePoint(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
