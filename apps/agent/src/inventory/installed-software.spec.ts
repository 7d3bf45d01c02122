import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  boundSoftwareList,
  collectInstalledSoftware,
  DPKG_QUERY_ARGS,
  InstalledSoftware,
  MAX_SOFTWARE_ENTRIES,
  MAX_SOFTWARE_JSON_BYTES,
  parseDpkgQueryOutput,
  parseInfoPlistJson,
  parseRegQueryOutput,
  parseRpmQueryOutput,
  RPM_QUERY_ARGS,
} from './installed-software';

// `dpkg-query -W` with DPKG_QUERY_ARGS on a Debian 12 desktop: a multi-arch library twice, a
// kernel removed with its configuration kept (rc), a package half-unpacked (iU), one without maintainer.
const DPKG = [
  'ii \tadduser\t3.134\tDebian Adduser Developers <adduser@packages.debian.org>',
  'ii \tbash\t5.2.15-2+b7\tMatthias Klose <doko@debian.org>',
  'ii \tcode\t1.95.3-1731513102\tMicrosoft Corporation <vscode-linux@microsoft.com>',
  'iU \tgoogle-chrome-stable\t131.0.6778.85-1\tChrome Linux Team <chromium-dev@chromium.org>',
  'ii \tlibc6\t2.36-9+deb12u9\tGNU Libc Maintainers <debian-glibc@lists.debian.org>',
  'ii \tlibc6\t2.36-9+deb12u9\tGNU Libc Maintainers <debian-glibc@lists.debian.org>',
  'rc \tlinux-image-6.1.0-18-amd64\t6.1.76-1\tDebian Kernel Team <debian-kernel@lists.debian.org>',
  'un \tnot-there\t\t',
  'ii \tlocal-tool\t1.0\t',
  '',
].join('\n');

// `rpm -qa` with RPM_QUERY_ARGS on RHEL 9: rpm's signing keys are listed as packages too.
const RPM = [
  'bash\t5.1.8-9.el9\tRed Hat, Inc.',
  'gpg-pubkey\tfd431d51-4ae0493b\t(none)',
  'code\t1.95.3-1731513157.el8\tMicrosoft Corporation',
  'local-build\t0.1-1\t(none)',
  '',
].join('\n');

// `reg query HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall /s` on Windows 11 (CRLF).
const UNINSTALL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const REG = [
  '',
  `${UNINSTALL}\\7-Zip`,
  '    DisplayName    REG_SZ    7-Zip 23.01 (x64)',
  '    DisplayVersion    REG_SZ    23.01',
  '    DisplayIcon    REG_SZ    C:\\Program Files\\7-Zip\\7zFM.exe',
  '    NoModify    REG_DWORD    0x1',
  '    Publisher    REG_SZ    Igor Pavlov',
  '    UninstallString    REG_SZ    "C:\\Program Files\\7-Zip\\Uninstall.exe"',
  '',
  `${UNINSTALL}\\AddressBook`,
  '    (Default)    REG_SZ    ',
  '',
  `${UNINSTALL}\\Connection Manager`,
  '    SystemComponent    REG_DWORD    0x1',
  '',
  `${UNINSTALL}\\{90160000-008C-0000-1000-0000000FF1CE}`,
  '    DisplayName    REG_SZ    Office 16 Click-to-Run Extensibility Component',
  '    DisplayVersion    REG_SZ    16.0.17328.20162',
  '    SystemComponent    REG_DWORD    0x1',
  '',
  `${UNINSTALL}\\{90160000-0011-0000-0000-0000000FF1CE}_Office16.PROPLUS_{2AB47F6E-2C4C-4C45-B0A7-F8A0E7A4B9E8}`,
  '    DisplayName    REG_SZ    Security Update for Microsoft Office 2016 (KB5002623) 64-Bit Edition',
  '    ParentKeyName    REG_SZ    Office16.PROPLUS',
  '',
  `${UNINSTALL}\\{23170F69-40C1-2702-2301-000001000000}`,
  '    DisplayName    REG_SZ    Microsoft Edge WebView2 Runtime',
  '    DisplayVersion    REG_SZ    131.0.2903.70',
  '    Publisher    REG_SZ    Microsoft Corporation',
  '    InstallDate    REG_SZ    20241205',
  '',
  `${UNINSTALL}\\{23170F69-40C1-2702-2301-000001000000}\\Features`,
  '    DisplayName    REG_SZ    not a product of its own',
  '',
  `${UNINSTALL}\\Mozilla Firefox 133.0 (x64 en-US)`,
  '    Comments    REG_SZ    Mozilla Firefox 133.0 (x64 en-US)',
  '    DisplayIcon    REG_SZ    C:\\Program Files\\Mozilla Firefox\\firefox.exe,0',
  '    DisplayName    REG_SZ    Mozilla Firefox (x64 en-US)',
  '    DisplayVersion    REG_SZ    133.0',
  '    EstimatedSize    REG_DWORD    0x3c5c8',
  '    Publisher    REG_SZ    ',
  '',
  `${UNINSTALL}\\NoVersion`,
  '    DisplayName    REG_EXPAND_SZ    Tool    with  spaces',
  '    SystemComponent    REG_DWORD    0x0',
  '',
  'End of search: 27 match(es) found.',
  '',
].join('\r\n');

// The same for the current user's key: per-user installs.
const REG_USER = [
  '',
  'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Microsoft VS Code',
  '    DisplayName    REG_SZ    Microsoft Visual Studio Code (User)',
  '    DisplayVersion    REG_SZ    1.95.3',
  '    Publisher    REG_SZ    Microsoft Corporation',
  '',
  'End of search: 3 match(es) found.',
  '',
].join('\r\n');

// `plutil -convert json -o - /Applications/Safari.app/Contents/Info.plist` (it escapes slashes).
const SAFARI_PLIST =
  '{"CFBundleDevelopmentRegion":"English","CFBundleDisplayName":"Safari","CFBundleExecutable":"Safari","CFBundleIdentifier":"com.apple.Safari",' +
  '"CFBundleName":"Safari","CFBundleShortVersionString":"18.1","CFBundleVersion":"20619.2.8.11.10","NSHumanReadableCopyright":"Copyright \\u00a9 2003-2024 Apple Inc.",' +
  '"LSApplicationCategoryType":"public.app-category.productivity","CFBundleIconFile":"AppIcon","SUFeedURL":"https:\\/\\/example.com"}';

const sw = (name: string, version: string | null, publisher: string | null, source: InstalledSoftware['source']): InstalledSoftware => ({ name, version, publisher, source });

describe('parsing what the package tools print', () => {
  it('reads installed dpkg packages with their maintainer as publisher, leaving out removed ones', () => {
    expect(parseDpkgQueryOutput(DPKG)).toEqual([
      sw('adduser', '3.134', 'Debian Adduser Developers', 'dpkg'),
      sw('bash', '5.2.15-2+b7', 'Matthias Klose', 'dpkg'),
      sw('code', '1.95.3-1731513102', 'Microsoft Corporation', 'dpkg'),
      sw('google-chrome-stable', '131.0.6778.85-1', 'Chrome Linux Team', 'dpkg'),
      sw('libc6', '2.36-9+deb12u9', 'GNU Libc Maintainers', 'dpkg'),
      sw('libc6', '2.36-9+deb12u9', 'GNU Libc Maintainers', 'dpkg'),
      sw('local-tool', '1.0', '', 'dpkg'),
    ]);
    expect(parseDpkgQueryOutput('')).toEqual([]);
  });

  it('reads rpm packages with their vendor, leaving out the signing keys', () => {
    expect(parseRpmQueryOutput(RPM)).toEqual([
      sw('bash', '5.1.8-9.el9', 'Red Hat, Inc.', 'rpm'),
      sw('code', '1.95.3-1731513157.el8', 'Microsoft Corporation', 'rpm'),
      sw('local-build', '0.1-1', null, 'rpm'),
    ]);
  });

  it('reads the products of the uninstall keys as Programs and Features lists them', () => {
    expect(parseRegQueryOutput(REG)).toEqual([
      sw('7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov', 'windows-registry'),
      sw('Microsoft Edge WebView2 Runtime', '131.0.2903.70', 'Microsoft Corporation', 'windows-registry'),
      sw('Mozilla Firefox (x64 en-US)', '133.0', '', 'windows-registry'),
      sw('Tool    with  spaces', null, null, 'windows-registry'),
    ]);
    expect(parseRegQueryOutput(REG_USER)).toEqual([sw('Microsoft Visual Studio Code (User)', '1.95.3', 'Microsoft Corporation', 'windows-registry')]);
    expect(parseRegQueryOutput('')).toEqual([]);
  });

  it('reads an application bundle from its Info.plist, falling back to the bundle name', () => {
    expect(parseInfoPlistJson(SAFARI_PLIST, '/Applications/Safari.app')).toEqual(sw('Safari', '18.1', null, 'macos-applications'));
    expect(parseInfoPlistJson('{"CFBundleVersion":"3.2"}', '/Applications/Utilities/Some Tool.app')).toEqual(sw('Some Tool', '3.2', null, 'macos-applications'));
    expect(parseInfoPlistJson('{"CFBundleDisplayName":" Shown "}', '/Applications/X.app')).toEqual(sw('Shown', null, null, 'macos-applications'));
    expect(parseInfoPlistJson('not json', '/Applications/X.app')).toBeUndefined();
    expect(parseInfoPlistJson('[1]', '/Applications/X.app')).toBeUndefined();
  });
});

describe('bounding the list', () => {
  it('keeps each entry once, sorted by name without regard to case, with empty strings as null', () => {
    const { software, dropped } = boundSoftwareList([
      ...parseDpkgQueryOutput(DPKG),
      sw('Zeta', '1', null, 'rpm'),
      sw('alpha', '2', null, 'rpm'),
      sw('alpha', '10', null, 'rpm'),
      sw('  ', '1', null, 'rpm'),
    ]);
    expect(dropped).toBe(0);
    expect(software.map((entry) => `${entry.name} ${entry.version}`)).toEqual([
      'adduser 3.134',
      'alpha 10',
      'alpha 2',
      'bash 5.2.15-2+b7',
      'code 1.95.3-1731513102',
      'google-chrome-stable 131.0.6778.85-1',
      'libc6 2.36-9+deb12u9',
      'local-tool 1.0',
      'Zeta 1',
    ]);
    expect(software.find((entry) => entry.name === 'local-tool')?.publisher).toBeNull();
    // The same input in another order gives the same document.
    expect(boundSoftwareList([...parseDpkgQueryOutput(DPKG)].reverse()).software).toEqual(boundSoftwareList(parseDpkgQueryOutput(DPKG)).software);
  });

  it('escapes unprintable characters and cuts strings to 256 characters, never inside a character', () => {
    const [entry] = boundSoftwareList([sw('Evil\u001b[31m\u202eexe.txt', `${'9'.repeat(255)}\u{1F600}`, 'x'.repeat(300), 'windows-registry')]).software;
    expect(entry.name).toBe('Evil\\u{001B}[31m\\u{202E}exe.txt');
    expect(entry.version).toBe('9'.repeat(255));
    expect(entry.publisher).toBe('x'.repeat(256));
  });

  it('holds at most 5,000 entries and 512 KiB, dropping the last by sort order', () => {
    const many = Array.from({ length: 6000 }, (_, index) => sw(`package-${String(index).padStart(4, '0')}`, '1.0', null, 'dpkg'));
    const counted = boundSoftwareList(many);
    expect(counted.software).toHaveLength(MAX_SOFTWARE_ENTRIES);
    expect(counted.dropped).toBe(1000);
    expect(counted.software.at(-1)?.name).toBe('package-4999');
    const long = Array.from({ length: 3000 }, (_, index) => sw(`${String(index).padStart(4, '0')}${'n'.repeat(250)}`, 'v'.repeat(256), null, 'rpm'));
    const sized = boundSoftwareList(long);
    expect(Buffer.byteLength(JSON.stringify(sized.software))).toBeLessThanOrEqual(MAX_SOFTWARE_JSON_BYTES);
    expect(sized.software.length).toBeGreaterThan(900);
    expect(sized.dropped).toBe(3000 - sized.software.length);
  });
});

describe('asking the system', () => {
  let bin: string;
  let calls: string;
  let warnings: string[];

  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), 'installed-software-'));
    calls = join(bin, 'calls.log');
    warnings = [];
  });

  afterEach(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  /** A stand-in for a tool on PATH that notes its arguments, one per line, and runs `script` (shell built-ins only). */
  async function fakeCommand(name: string, script: string): Promise<void> {
    await writeFile(join(bin, name), `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg" >> '${calls}'; done\n${script}\n`);
    await chmod(join(bin, name), 0o755);
  }

  /** A script printing `output` exactly: the text goes in a file next to it, read with the shell's own read. */
  async function printing(name: string, output: string): Promise<string> {
    await writeFile(join(bin, `${name}.out`), output);
    return `while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done < '${join(bin, `${name}.out`)}'`;
  }

  const collect = (platform: NodeJS.Platform, extra: { timeoutMs?: number; applicationFolders?: () => Promise<string[]> } = {}) =>
    collectInstalledSoftware({ platform, env: { PATH: bin }, warn: (message) => warnings.push(message), ...extra });

  it('runs dpkg-query on Linux, without rpm, and warns of nothing', async () => {
    await fakeCommand('dpkg-query', await printing('dpkg', DPKG));
    const software = await collect('linux');
    expect(software.map((entry) => entry.name)).toEqual(['adduser', 'bash', 'code', 'google-chrome-stable', 'libc6', 'local-tool']);
    expect((await readFile(calls, 'utf8')).split('\n').filter(Boolean)).toEqual(DPKG_QUERY_ARGS);
    expect(warnings).toEqual([]);
  });

  it('lists dpkg and rpm packages both where both exist', async () => {
    await fakeCommand('dpkg-query', await printing('dpkg', DPKG));
    await fakeCommand('rpm', await printing('rpm', RPM));
    const software = await collect('linux');
    expect(software.filter((entry) => entry.name === 'bash').map((entry) => `${entry.source} ${entry.version}`)).toEqual(['rpm 5.1.8-9.el9', 'dpkg 5.2.15-2+b7']);
    expect((await readFile(calls, 'utf8')).split('\n').filter(Boolean)).toEqual([...DPKG_QUERY_ARGS, ...RPM_QUERY_ARGS]);
  });

  it('gives an empty list and a printable warning when the tools are missing, fail or hang', async () => {
    await expect(collect('linux')).resolves.toEqual([]);
    expect(warnings).toEqual(['installed software not read: neither dpkg-query nor rpm is on this computer']);
    warnings = [];
    await fakeCommand('dpkg-query', `printf '\\033[2Jdpkg-query: error: database locked\\n' >&2; exit 2`);
    await expect(collect('linux')).resolves.toEqual([]);
    expect(warnings).toEqual(['installed software: dpkg-query exited with 2: \\u{001B}[2Jdpkg-query: error: database locked']);
    warnings = [];
    await fakeCommand('dpkg-query', 'while :; do :; done');
    await expect(collect('linux', { timeoutMs: 200 })).resolves.toEqual([]);
    expect(warnings).toEqual(['installed software: dpkg-query did not answer within 200 ms']);
  });

  it('reads the three uninstall keys by reg on Windows; a key that does not exist is no warning', async () => {
    await fakeCommand(
      'reg',
      [
        'case "$2" in',
        `  HKLM*WOW6432Node*) printf 'ERROR: The system was unable to find the specified registry key or value.\\n' >&2; exit 1;;`,
        `  HKLM*) ${await printing('hklm', REG)};;`,
        `  HKCU*) ${await printing('hkcu', REG_USER)};;`,
        'esac',
      ].join('\n'),
    );
    const software = await collect('win32');
    expect(software.map((entry) => entry.name)).toEqual([
      '7-Zip 23.01 (x64)',
      'Microsoft Edge WebView2 Runtime',
      'Microsoft Visual Studio Code (User)',
      'Mozilla Firefox (x64 en-US)',
      'Tool    with  spaces',
    ]);
    expect((await readFile(calls, 'utf8')).split('\n').filter((line) => line.startsWith('HK'))).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
      'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
      'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
    ]);
    expect(warnings).toEqual([]);
    await fakeCommand('reg', `printf 'ERROR: Access is denied.\\n' >&2; exit 5`);
    await expect(collect('win32')).resolves.toEqual([]);
    expect(warnings).toContain('installed software: reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall exited with 5: ERROR: Access is denied.');
  });

  it('reads the bundles of the application folders by plutil on macOS, each unchanged one once', async () => {
    const apps = join(bin, 'Applications');
    for (const bundle of ['Safari.app', 'Utilities/Terminal.app', 'Broken.app', 'NoPlist.app/Contents', 'Safari.app/Contents/Helpers/Inner.app']) {
      await mkdir(join(apps, bundle), { recursive: true });
    }
    for (const bundle of ['Safari.app', 'Utilities/Terminal.app', 'Broken.app', 'Safari.app/Contents/Helpers/Inner.app']) {
      await mkdir(join(apps, bundle, 'Contents'), { recursive: true });
      await writeFile(join(apps, bundle, 'Contents', 'Info.plist'), '<?xml version="1.0"?><plist/>');
    }
    await fakeCommand(
      'plutil',
      [
        'case "$5" in',
        `  */Safari.app/*) printf '%s' '${SAFARI_PLIST}';;`,
        `  */Terminal.app/*) printf '%s' '{"CFBundleName":"Terminal","CFBundleShortVersionString":"2.14"}';;`,
        `  *) printf '%s: Property List error: Unexpected character\\n' "$5" >&2; exit 1;;`,
        'esac',
      ].join('\n'),
    );
    const folders = async () => [apps, join(bin, 'Users', 'alice', 'Applications')];
    expect(await collect('darwin', { applicationFolders: folders })).toEqual([sw('Safari', '18.1', null, 'macos-applications'), sw('Terminal', '2.14', null, 'macos-applications')]);
    expect(warnings).toEqual([`installed software: 1 application bundles not read, the first: plutil ${join(apps, 'Broken.app/Contents/Info.plist')} exited with 1: ${join(apps, 'Broken.app/Contents/Info.plist')}: Property List error: Unexpected character`]);
    const plutilRuns = async () => (await readFile(calls, 'utf8')).split('\n').filter((line) => line === '-convert').length;
    expect(await plutilRuns()).toBe(3);
    await collect('darwin', { applicationFolders: folders });
    expect(await plutilRuns()).toBe(4);
  });

  it('reads nothing on systems it does not know', async () => {
    await expect(collect('aix')).resolves.toEqual([]);
    expect(warnings).toEqual([]);
  });

  (existsSync('/usr/bin/dpkg-query') ? it : it.skip)('lists the packages of this Debian machine by its real dpkg-query', async () => {
    const software = await collectInstalledSoftware({ platform: 'linux', warn: (message) => warnings.push(message) });
    const installed = execFileSync('dpkg-query', ['-W', '--showformat=${db:Status-Abbrev}${Package}\\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /^.[^nc]/.test(line))
      .map((line) => line.slice(3));
    expect(software.length).toBeGreaterThan(0);
    expect(software.filter((entry) => entry.source === 'dpkg').map((entry) => entry.name)).toEqual(expect.arrayContaining(['dpkg']));
    expect(new Set(software.filter((entry) => entry.source === 'dpkg').map((entry) => entry.name))).toEqual(new Set(installed.slice(0, MAX_SOFTWARE_ENTRIES)));
    expect(software.find((entry) => entry.name === 'dpkg')).toEqual({ name: 'dpkg', version: expect.stringMatching(/^\d/), publisher: expect.any(String), source: 'dpkg' });
    expect(warnings).toEqual([]);
  });
});
