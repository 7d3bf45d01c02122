import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLoggedOnUsers, parseQuserOutput, parseWhoOutput } from './logged-on-users';

// `who` on a Linux desktop: the graphical session on :0, a terminal in it, two SSH sessions.
const WHO_LINUX = [
  'alice    :0           2026-03-10 08:12 (:0)',
  'alice    pts/0        2026-03-10 08:15 (:0)',
  'bob      pts/1        2026-03-10 09:01 (10.0.0.5)',
  'carol    pts/2        2026-03-10 09:47 (10.0.0.5)',
  '',
].join('\n');

// `who` on macOS: the console login and its Terminal windows.
const WHO_MACOS = [
  'alice            console      Mar 10 08:12',
  'alice            ttys000      Mar 10 08:15',
  'alice            ttys001      Mar 10 08:20',
  'dave             ttys002      Mar 10 10:02 (10.0.0.5)',
  '',
].join('\n');

// `quser` on Windows, asked from alice's console session (`>`), with a disconnected RDP session.
const QUSER = [
  ' USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME',
  '>alice                 console             1  Active      none   3/10/2026 8:12 AM',
  ' bob                   rdp-tcp#3           2  Active          .  3/10/2026 9:40 AM',
  ' john smith                                3  Disc         1:05  3/10/2026 7:02 AM',
  '',
].join('\r\n');

// The same on a German Windows: other headings, same columns.
const QUSER_GERMAN = [
  ' BENUTZERNAME          SITZUNGSNAME       ID  STATUS  LEERLAUF   ANMELDEZEIT',
  '>alice                 console             1  Aktiv      Kein    10.03.2026 08:12',
  '',
].join('\r\n');

describe('parsing who', () => {
  it('lists each user once, whatever the host in parentheses', () => {
    expect(parseWhoOutput(WHO_LINUX)).toEqual(['alice', 'bob', 'carol']);
    expect(parseWhoOutput(WHO_MACOS)).toEqual(['alice', 'dave']);
  });

  it('lists nobody when who prints nothing', () => {
    expect(parseWhoOutput('')).toEqual([]);
    expect(parseWhoOutput('\n')).toEqual([]);
  });
});

describe('parsing quser', () => {
  it('skips the header and the > marker, keeps disconnected sessions and names with spaces', () => {
    expect(parseQuserOutput(QUSER)).toEqual(['alice', 'bob', 'john smith']);
  });

  it('reads the columns of a localized header', () => {
    expect(parseQuserOutput(QUSER_GERMAN)).toEqual(['alice']);
  });

  it('lists nobody when quser prints nothing', () => {
    expect(parseQuserOutput('')).toEqual([]);
  });
});

describe('asking the system', () => {
  let bin: string;

  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), 'logged-on-users-'));
  });

  afterEach(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  /** A stand-in for `who` or `quser` on PATH. */
  async function fakeCommand(name: string, script: string): Promise<void> {
    await writeFile(join(bin, name), `#!/bin/sh\n${script}\n`);
    await chmod(join(bin, name), 0o755);
  }

  /** A script printing `output` with shell built-ins only: PATH holds nothing but the fakes. */
  const printing = (output: string) =>
    `printf '%s\\n' ${output
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => `'${line}'`)
      .join(' ')}`;

  const options = () => ({ env: { PATH: bin } });

  it('runs who on Linux and macOS', async () => {
    await fakeCommand('who', printing(WHO_LINUX));
    await expect(listLoggedOnUsers('linux', options())).resolves.toEqual(['alice', 'bob', 'carol']);
    await expect(listLoggedOnUsers('darwin', options())).resolves.toEqual(['alice', 'bob', 'carol']);
  });

  it('runs quser on Windows, where exit code 1 means nobody is logged on', async () => {
    await fakeCommand('quser', printing(QUSER));
    await expect(listLoggedOnUsers('win32', options())).resolves.toEqual(['alice', 'bob', 'john smith']);
    await fakeCommand('quser', 'echo "No User exists for *" >&2; exit 1');
    await expect(listLoggedOnUsers('win32', options())).resolves.toEqual([]);
  });

  it('does not know when the command is missing, fails or hangs', async () => {
    await expect(listLoggedOnUsers('linux', options())).rejects.toThrow('who could not run: ENOENT');
    await fakeCommand('who', 'echo "who: cannot open utmp" >&2; exit 1');
    await expect(listLoggedOnUsers('linux', options())).rejects.toThrow('who exited with 1: who: cannot open utmp');
    await fakeCommand('quser', 'exit 5');
    await expect(listLoggedOnUsers('win32', options())).rejects.toThrow('quser exited with 5');
    await fakeCommand('who', 'while :; do :; done');
    await expect(listLoggedOnUsers('linux', { ...options(), timeoutMs: 200 })).rejects.toThrow('who did not answer within 200 ms');
  });
});
