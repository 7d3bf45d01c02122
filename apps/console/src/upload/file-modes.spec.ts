import { withExecutableModes } from './file-modes';
import { TarEntry } from './tar-writer';

function file(path: string, content: string | Uint8Array): TarEntry {
  const data = new Blob([content as BlobPart]);
  return { path, size: data.size, data };
}

describe('withExecutableModes', () => {
  it('gives 0755 to what a command line names, scripts, ELF programs and .sh/.run/.AppImage files, 0644 to the rest', async () => {
    const entries = [
      file('install.sh', '#!/bin/sh\necho hi\n'),
      file('bin/setup', 'named by the command line, no shebang'),
      file('lib/helper', '#!/usr/bin/env python3\n'),
      file('lib/tool', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1)),
      file('tools/Runner.AppImage', 'x'),
      file('tools/setup.run', 'x'),
      file('tools/firmware.BIN', 'x'),
      file('tools/installer.bin', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46)),
      file('README.txt', 'read me'),
      file('data/part.bin.txt', 'x'),
      file('empty', ''),
    ];
    const moded = await withExecutableModes(entries, [
      { commandLine: './install.sh --quiet' },
      { commandLine: '"./setup" /S', workingDirectory: 'bin' },
    ]);
    expect(Object.fromEntries(moded.map((entry) => [entry.path, entry.mode?.toString(8)]))).toEqual({
      'install.sh': '755',
      'bin/setup': '755',
      'lib/helper': '755',
      'lib/tool': '755',
      'tools/Runner.AppImage': '755',
      'tools/setup.run': '755',
      'tools/firmware.BIN': '644',
      'tools/installer.bin': '755',
      'README.txt': '644',
      'data/part.bin.txt': '644',
      empty: '644',
    });
    expect(moded.map((entry) => entry.data)).toEqual(entries.map((entry) => entry.data));
  });

  it('gives a file named only by a command line 0755 whatever its name, and without programs only the content and name count', async () => {
    const entries = [file('setup', 'plain'), file('run.sh', 'plain')];
    expect((await withExecutableModes(entries, [{ commandLine: 'setup' }])).map((entry) => entry.mode)).toEqual([0o755, 0o755]);
    expect((await withExecutableModes(entries, [])).map((entry) => entry.mode)).toEqual([0o644, 0o755]);
  });
});
