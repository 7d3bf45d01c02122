import { EXECUTABLE_MODE, filesNamedBy, modeForUnixlessFile, REGULAR_MODE } from './executable-files';

const text = (content: string): Uint8Array => new TextEncoder().encode(content);
const none = new Set<string>();

describe('filesNamedBy', () => {
  it('takes every word of the command lines, unquoted, with ./ dropped and \\ read as /', () => {
    const commandLines = ['./install.sh --quiet', 'sh setup/run && ./post;./bin/x|tee log', '"bin/my tool" -v', "'a b'", '.\\win\\setup.cmd /S'];
    expect([...filesNamedBy(commandLines.map((commandLine) => ({ commandLine })))].sort()).toEqual(
      ['--quiet', '-v', 'a b', 'bin/my tool', 'bin/x', 'install.sh', 'log', 'post', 'setup/run', 'sh', 'tee', 'win/setup.cmd'].sort(),
    );
  });

  it('reads the words relative to the working directory and never outside the package', () => {
    expect([...filesNamedBy([{ commandLine: './setup ../lib/run.x /usr/bin/env ../../etc/x C:\\x', workingDirectory: 'bin' }])].sort()).toEqual(['bin/setup', 'lib/run.x'].sort());
  });

  it('names nothing for empty command lines', () => {
    expect(filesNamedBy([{ commandLine: '' }, { commandLine: '   ', workingDirectory: 'a' }]).size).toBe(0);
  });
});

describe('modeForUnixlessFile', () => {
  it('makes a file a command line names executable, whatever its name or content', () => {
    const named = filesNamedBy([{ commandLine: './install --now' }, { commandLine: 'sh Setup', workingDirectory: 'tools' }]);
    expect(modeForUnixlessFile('install', text('plain'), named)).toBe(EXECUTABLE_MODE);
    expect(modeForUnixlessFile('tools/Setup', text(''), named)).toBe(EXECUTABLE_MODE);
    expect(modeForUnixlessFile('tools/other', text('plain'), named)).toBe(REGULAR_MODE);
  });

  it('makes scripts with a shebang and ELF programs executable', () => {
    expect(modeForUnixlessFile('lib/helper', text('#!/bin/sh\n'), none)).toBe(EXECUTABLE_MODE);
    expect(modeForUnixlessFile('lib/tool', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46), none)).toBe(EXECUTABLE_MODE);
    expect(modeForUnixlessFile('readme.txt', text('# not a shebang'), none)).toBe(REGULAR_MODE);
    expect(modeForUnixlessFile('one-byte', text('#'), none)).toBe(REGULAR_MODE);
  });

  it('makes .sh, .run and .AppImage files executable in any case, and nothing else by name (.bin is data as often)', () => {
    for (const path of ['a.sh', 'b/INSTALL.SH', 'd.run', 'Tool-x86_64.AppImage', 'e.appimage']) {
      expect({ path, mode: modeForUnixlessFile(path, text('data'), none) }).toEqual({ path, mode: EXECUTABLE_MODE });
    }
    for (const path of ['setup.exe', 'data.txt', 'sh', 'script.shx', 'notes.run.txt', 'data/part-0.bin', 'firmware.BIN']) {
      expect({ path, mode: modeForUnixlessFile(path, text('data'), none) }).toEqual({ path, mode: REGULAR_MODE });
    }
  });

  it('compares paths NFC-normalised', () => {
    const named = filesNamedBy([{ commandLine: './cafe\u0301.sh' }]);
    expect(modeForUnixlessFile('caf\u00e9', text(''), filesNamedBy([{ commandLine: './cafe\u0301' }]))).toBe(EXECUTABLE_MODE);
    expect(named.has('caf\u00e9.sh')).toBe(true);
  });
});
