import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodedCommand, LIST_PROCESSES_SCRIPT, listWindowsProcesses, parseWindowsProcessJson } from './windows-processes';

// What LIST_PROCESSES_SCRIPT prints on Windows 11 run as SYSTEM (ConvertTo-Json -Compress, one
// line here per process for reading): a protected process without path, Word with its version
// resource, a program without one, and an entry for a process that ended while being listed.
const LISTING =
  '[' +
  [
    '{"pid":4,"name":"System","path":null,"startedAt":"2026-03-10T07:58:02.000Z","user":"NT AUTHORITY\\\\SYSTEM","originalFileName":null,"fileVersion":null}',
    '{"pid":1104,"name":"svchost","path":"C:\\\\Windows\\\\System32\\\\svchost.exe","startedAt":"2026-03-10T07:58:09.512Z","user":"NT AUTHORITY\\\\LOCAL SERVICE","originalFileName":"svchost.exe","fileVersion":"10.0.22621.3672"}',
    '{"pid":7312,"name":"WINWORD","path":"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\WINWORD.EXE","startedAt":"2026-03-10T08:12:01.1234567Z","user":"CORP\\\\alice","originalFileName":"WinWord.exe","fileVersion":"16.0.17328.20162"}',
    '{"pid":8120,"name":"tool","path":"C:\\\\Users\\\\alice\\\\tool.exe","startedAt":"2026-03-10T09:00:00.000Z","user":"CORP\\\\alice","originalFileName":"","fileVersion":null}',
    '{"pid":9001,"name":"gone","path":null,"startedAt":null,"user":null,"originalFileName":null,"fileVersion":null}',
  ].join(',') +
  ']';

describe('reading the Windows process list', () => {
  it('takes the file name of the path, the version resource, the owner and the UTC start time', () => {
    expect(parseWindowsProcessJson(LISTING)).toEqual([
      { pid: 4, startedAt: Date.parse('2026-03-10T07:58:02Z'), name: 'System.exe', user: 'NT AUTHORITY\\SYSTEM' },
      {
        pid: 1104,
        startedAt: Date.parse('2026-03-10T07:58:09.512Z'),
        name: 'svchost.exe',
        user: 'NT AUTHORITY\\LOCAL SERVICE',
        originalName: 'svchost.exe',
        version: '10.0.22621.3672',
      },
      {
        pid: 7312,
        startedAt: Date.parse('2026-03-10T08:12:01.123Z'),
        name: 'WINWORD.EXE',
        user: 'CORP\\alice',
        originalName: 'WinWord.exe',
        version: '16.0.17328.20162',
      },
      { pid: 8120, startedAt: Date.parse('2026-03-10T09:00:00Z'), name: 'tool.exe', user: 'CORP\\alice' },
    ]);
  });

  it('reads a single process (ConvertTo-Json writes an object) and none', () => {
    expect(parseWindowsProcessJson('{"pid":1,"name":"a","path":null,"startedAt":"2026-03-10T07:58:02.000Z","user":"u"}\r\n')).toEqual([
      { pid: 1, startedAt: Date.parse('2026-03-10T07:58:02Z'), name: 'a.exe', user: 'u' },
    ]);
    expect(parseWindowsProcessJson('')).toEqual([]);
    expect(parseWindowsProcessJson('[]')).toEqual([]);
    expect(() => parseWindowsProcessJson('Get-Process : Access denied')).toThrow();
  });

  describe('running PowerShell', () => {
    let bin: string;

    beforeEach(async () => {
      bin = await mkdtemp(join(tmpdir(), 'windows-processes-'));
    });

    afterEach(async () => {
      await rm(bin, { recursive: true, force: true });
    });

    async function fakePowershell(script: string): Promise<void> {
      await writeFile(join(bin, 'powershell.exe'), `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg" >> '${join(bin, 'args')}'; done\n${script}\n`);
      await chmod(join(bin, 'powershell.exe'), 0o755);
    }

    it('passes the script encoded, without a shell, and reads its JSON', async () => {
      await writeFile(join(bin, 'out.json'), LISTING);
      await fakePowershell(`while IFS= read -r line || [ -n "$line" ]; do printf '%s' "$line"; done < '${join(bin, 'out.json')}'`);
      await expect(listWindowsProcesses({ PATH: bin })).resolves.toHaveLength(4);
      const args = (await readFile(join(bin, 'args'), 'utf8')).split('\n').filter(Boolean);
      expect(args.slice(0, -1)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
      expect(Buffer.from(args.at(-1)!, 'base64').toString('utf16le')).toBe(LIST_PROCESSES_SCRIPT);
      expect(encodedCommand('Get-Process')).toBe('RwBlAHQALQBQAHIAbwBjAGUAcwBzAA==');
    });

    it('throws a printable message when PowerShell fails or prints no JSON', async () => {
      await fakePowershell(`printf '\\033]0;pwned\\007Get-Process : failed\\n' >&2; exit 1`);
      await expect(listWindowsProcesses({ PATH: bin })).rejects.toThrow('listing the processes: powershell exited with 1: \\u{001B}]0;pwned\\u{0007}Get-Process : failed');
      await fakePowershell(`printf 'not json'`);
      await expect(listWindowsProcesses({ PATH: bin })).rejects.toThrow('listing the processes: powershell did not print JSON');
    });
  });
});
