/**
 * The mode a package file gets when the upload carries no unix modes: a folder chosen in a
 * browser (the File API has none) or a zip made on Windows. A file is executable (0755) when
 *
 * - a program's command line names it: every word of the command line (split like /bin/sh would
 *   at blanks and ; & | ( ) < >, quotes removed, `\` read as `/`), taken relative to the
 *   program's working directory, that equals the file's path — so `./install.sh --quiet`,
 *   `sh setup/run` and `"bin/my tool"` all count, with or without an extension;
 * - its first bytes are `#!` (a script) or `\x7fELF` (a Linux or BSD program);
 * - its name ends in .sh, .run or .AppImage (any case). Not .bin: it names data as often as
 *   programs (firmware, blobs, this repository's own test data); a .bin program is caught by
 *   its ELF magic or by the command line that runs it.
 *
 * Every other file is 0644. Uploads that do carry modes (a tar, a zip made on unix, the CLI's
 * folder, which reads them from the disk) keep them as they are.
 */
export const EXECUTABLE_MODE = 0o755;
export const REGULAR_MODE = 0o644;

/** How many leading bytes of a file the rule looks at. */
export const EXECUTABLE_HEAD_BYTES = 4;

const EXECUTABLE_EXTENSIONS = ['.sh', '.run', '.appimage'];
const SHEBANG = [0x23, 0x21];
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const SEPARATOR = /[\s;&|()<>]/;

/** What of a program the rule reads (a ProgramData fits). */
export interface ProgramCommand {
  commandLine: string;
  /** Relative to the package root; '' or absent = the root. */
  workingDirectory?: string;
}

/** The package paths the words of the programs' command lines may name, as described above. */
export function filesNamedBy(programs: readonly ProgramCommand[]): ReadonlySet<string> {
  const named = new Set<string>();
  for (const program of programs) {
    for (const word of shellWords(program.commandLine)) {
      const path = packagePath(program.workingDirectory ?? '', word);
      if (path !== undefined) named.add(path);
    }
  }
  return named;
}

/** `word` taken relative to `directory`, with . and .. resolved; undefined when it is absolute or leaves the package. */
function packagePath(directory: string, word: string): string | undefined {
  const relative = word.replace(/\\/g, '/');
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) return undefined;
  const segments: string[] = [];
  for (const segment of `${directory.replace(/\\/g, '/')}/${relative}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return undefined;
  }
  return segments.length === 0 ? undefined : segments.join('/').normalize('NFC');
}

/** The mode of a file by the rule above; `head` is its first EXECUTABLE_HEAD_BYTES bytes (fewer if it is shorter). */
export function modeForUnixlessFile(path: string, head: Uint8Array, namedByCommandLines: ReadonlySet<string>): number {
  return isExecutable(path, head, namedByCommandLines) ? EXECUTABLE_MODE : REGULAR_MODE;
}

function isExecutable(path: string, head: Uint8Array, namedByCommandLines: ReadonlySet<string>): boolean {
  if (namedByCommandLines.has(path.normalize('NFC'))) return true;
  if (startsWith(head, SHEBANG) || startsWith(head, ELF_MAGIC)) return true;
  const lower = path.toLowerCase();
  return EXECUTABLE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}

/** Splits at unquoted separators; '…' and "…" group and are removed. */
function shellWords(commandLine: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (const character of commandLine) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else word += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (SEPARATOR.test(character)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += character;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
