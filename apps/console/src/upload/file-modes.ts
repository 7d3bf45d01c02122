import { EXECUTABLE_HEAD_BYTES, modeForUnixlessFile, ProgramCommand, filesNamedBy } from '@sdp/package-files';
import { TarEntry } from './tar-writer';

/**
 * The folder's files with the modes a browser cannot see: the File API has no unix mode, so each
 * file gets 0755 or 0644 by the rule of @sdp/package-files (named by a command line of one of the
 * package's programs, starting with #! or the ELF magic, or ending in .sh, .run or
 * .AppImage — the same rule the catalog applies to a zip made on Windows). Reads the first bytes
 * of every file, nothing more.
 */
export async function withExecutableModes(entries: readonly TarEntry[], programs: readonly ProgramCommand[]): Promise<TarEntry[]> {
  const named = filesNamedBy(programs);
  return Promise.all(
    entries.map(async (entry) => {
      const head = new Uint8Array(await entry.data.slice(0, EXECUTABLE_HEAD_BYTES).arrayBuffer());
      return { ...entry, mode: modeForUnixlessFile(entry.path, head, named) };
    }),
  );
}
