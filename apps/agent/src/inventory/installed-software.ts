import { printable } from '@sdp/text';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isMissingCommand, runSystemQuery, SystemQueryResult } from './system-query';

export const SOFTWARE_SOURCES = ['dpkg', 'rpm', 'windows-registry', 'macos-applications'] as const;
export type SoftwareSource = (typeof SOFTWARE_SOURCES)[number];

/** One installed product, as `inventory.software` lists it. */
export interface InstalledSoftware {
  name: string;
  version: string | null;
  publisher: string | null;
  source: SoftwareSource;
}

/** The most entries `inventory.software` holds. */
export const MAX_SOFTWARE_ENTRIES = 5_000;
/** The most characters of each name, version and publisher. */
export const MAX_SOFTWARE_TEXT = 256;
/**
 * The most bytes the list takes as JSON: the whole inventory must stay under the services' 1 MB
 * request body limit and the client event under Kafka's 1 MB message limit.
 */
export const MAX_SOFTWARE_JSON_BYTES = 512 * 1024;
/** Each command that lists software must answer within this. */
const COMMAND_TIMEOUT_MS = 30_000;
/** reg query /s of a well-used Windows writes a few MB. */
const MAX_COMMAND_OUTPUT_BYTES = 32 * 1024 * 1024;

/** `dpkg-query -W` with the package's state, so packages removed with their configuration kept ("rc") are left out. */
export const DPKG_QUERY_ARGS = ['-W', '--showformat=${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Maintainer}\\n'];
export const RPM_QUERY_ARGS = ['-qa', '--queryformat', '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\n'];
/** The uninstall keys Programs and Features lists: 64-bit, 32-bit on 64-bit Windows, and the agent's own user's. */
export const WINDOWS_UNINSTALL_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
];

/**
 * `dpkg-query -W` with DPKG_QUERY_ARGS: `<state>\t<package>\t<version>\t<maintainer>` per line,
 * the state as three letters (`ii `: wanted and installed). A package whose state is not-installed
 * (`n`) or config-files (`c`) is not installed. The maintainer, without its mail address, stands
 * for the publisher.
 */
export function parseDpkgQueryOutput(output: string): InstalledSoftware[] {
  const found: InstalledSoftware[] = [];
  for (const line of output.split('\n')) {
    const [state, name, version, maintainer] = line.split('\t');
    if (name === undefined || state === undefined || state.length < 2 || 'nc'.includes(state[1])) {
      continue;
    }
    found.push({ name, version: version ?? null, publisher: maintainer?.replace(/\s*<[^>]*>\s*$/, '') ?? null, source: 'dpkg' });
  }
  return found;
}

/**
 * `rpm -qa` with RPM_QUERY_ARGS: `<name>\t<version>-<release>\t<vendor>` per line, `(none)` for an
 * unset vendor. The `gpg-pubkey` entries are the signing keys rpm trusts, not software.
 */
export function parseRpmQueryOutput(output: string): InstalledSoftware[] {
  const found: InstalledSoftware[] = [];
  for (const line of output.split('\n')) {
    const [name, version, vendor] = line.split('\t');
    if (!name || version === undefined || name === 'gpg-pubkey') {
      continue;
    }
    found.push({ name, version, publisher: vendor === undefined || vendor === '(none)' ? null : vendor, source: 'rpm' });
  }
  return found;
}

/**
 * `reg query <Uninstall key> /s`: a line per key (`HKEY_LOCAL_MACHINE\...\Uninstall\7-Zip`), then
 * its values indented by four spaces as `name    REG_TYPE    data`. Each direct subkey of the
 * Uninstall key is a product; like Programs and Features, those without DisplayName, system
 * components (SystemComponent = 1) and updates of another product (ParentKeyName) are left out.
 */
export function parseRegQueryOutput(output: string): InstalledSoftware[] {
  const found: InstalledSoftware[] = [];
  let values: Map<string, string> | undefined;
  const flush = () => {
    const name = values?.get('displayname')?.trim();
    if (values && name && Number(values.get('systemcomponent') ?? 0) !== 1 && !values.get('parentkeyname')) {
      found.push({ name, version: values.get('displayversion') ?? null, publisher: values.get('publisher') ?? null, source: 'windows-registry' });
    }
    values = undefined;
  };
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      flush();
      values = /\\Uninstall\\[^\\]+$/i.test(line.trimEnd()) ? new Map() : undefined;
      continue;
    }
    const value = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/.exec(line);
    if (value && values) {
      values.set(value[1].toLowerCase(), (value[3] ?? '').trimEnd());
    }
  }
  flush();
  return found;
}

/**
 * A bundle's Info.plist as `plutil -convert json -o - <plist>` prints it: the name the bundle gives
 * (CFBundleName, else CFBundleDisplayName, else the bundle's file name) and its version
 * (CFBundleShortVersionString, else CFBundleVersion). Info.plist names no publisher.
 */
export function parseInfoPlistJson(json: string, bundlePath: string): InstalledSoftware | undefined {
  let plist: unknown;
  try {
    plist = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof plist !== 'object' || plist === null || Array.isArray(plist)) {
    return undefined;
  }
  const text = (key: string): string | undefined => {
    const value = (plist as Record<string, unknown>)[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const name = text('CFBundleName') ?? text('CFBundleDisplayName') ?? basename(bundlePath).replace(/\.app$/i, '');
  return { name, version: text('CFBundleShortVersionString') ?? text('CFBundleVersion') ?? null, publisher: null, source: 'macos-applications' };
}

/**
 * The list as the inventory holds it: strings trimmed, unprintable characters escaped, cut to
 * MAX_SOFTWARE_TEXT characters, empty ones null (an entry without a name is dropped), each entry
 * once, sorted by name, version, publisher and source (so an unchanged computer sends the same
 * document), at most MAX_SOFTWARE_ENTRIES entries and MAX_SOFTWARE_JSON_BYTES; `dropped` counts
 * what did not fit.
 */
export function boundSoftwareList(entries: readonly InstalledSoftware[]): { software: InstalledSoftware[]; dropped: number } {
  const unique = new Map<string, InstalledSoftware>();
  for (const entry of entries) {
    const name = cleanText(entry.name);
    if (name === null) {
      continue;
    }
    const clean: InstalledSoftware = { name, version: cleanText(entry.version), publisher: cleanText(entry.publisher), source: entry.source };
    unique.set(JSON.stringify(clean), clean);
  }
  const sorted = [...unique.values()].sort(compareSoftware);
  const software: InstalledSoftware[] = [];
  let bytes = 2;
  for (const entry of sorted) {
    bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (software.length === MAX_SOFTWARE_ENTRIES || bytes > MAX_SOFTWARE_JSON_BYTES) {
      break;
    }
    software.push(entry);
  }
  return { software, dropped: sorted.length - software.length };
}

function cleanText(value: string | null): string | null {
  const text = printable(value?.trim() ?? '');
  if (text === '') {
    return null;
  }
  const cut = text.slice(0, MAX_SOFTWARE_TEXT);
  // Never end on half of a character outside the Basic Multilingual Plane.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function compareText(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  const [lowerLeft, lowerRight] = [left.toLowerCase(), right.toLowerCase()];
  if (lowerLeft !== lowerRight) return lowerLeft < lowerRight ? -1 : 1;
  return left < right ? -1 : 1;
}

function compareSoftware(left: InstalledSoftware, right: InstalledSoftware): number {
  return (
    compareText(left.name, right.name) ||
    compareText(left.version, right.version) ||
    compareText(left.publisher, right.publisher) ||
    compareText(left.source, right.source)
  );
}

export interface SoftwareInventoryOptions {
  /** The system whose software is read: the agent's own, never the one an inventory file poses as. */
  platform?: NodeJS.Platform;
  /** Where the commands are looked up (PATH); the agent's own environment by default. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** macOS: the folders whose bundles are listed; /Applications and every user's Applications by default. */
  applicationFolders?: () => Promise<string[]>;
  /** Told, in printable text, why the list is empty or incomplete. */
  warn: (message: string) => void;
}

/**
 * The software installed on this computer (see boundSoftwareList for the bounds). Never throws: a
 * missing tool, a failing or hanging command gives an empty or partial list and a warning.
 * Linux: dpkg and rpm, whichever exist; Windows: the uninstall keys of the registry; macOS: the
 * application bundles. Other systems: nothing.
 */
export async function collectInstalledSoftware(options: SoftwareInventoryOptions): Promise<InstalledSoftware[]> {
  const query = (command: string, args: readonly string[]) =>
    runSystemQuery(command, args, { env: options.env, timeoutMs: options.timeoutMs ?? COMMAND_TIMEOUT_MS, maxOutputBytes: MAX_COMMAND_OUTPUT_BYTES });
  let found: InstalledSoftware[];
  try {
    switch (options.platform ?? process.platform) {
      case 'linux':
        found = await linuxPackages(query, options.warn);
        break;
      case 'win32':
        found = await windowsUninstallEntries(query, options.warn);
        break;
      case 'darwin':
        found = await macosApplications(query, options);
        break;
      default:
        return [];
    }
  } catch (error) {
    options.warn(`installed software not read: ${printable((error as Error).message)}`);
    return [];
  }
  const { software, dropped } = boundSoftwareList(found);
  if (dropped > 0) {
    options.warn(`installed software: ${dropped} of ${software.length + dropped} entries left out (at most ${MAX_SOFTWARE_ENTRIES} entries, ${MAX_SOFTWARE_JSON_BYTES} bytes)`);
  }
  return software;
}

type Query = (command: string, args: readonly string[]) => Promise<SystemQueryResult>;

/** What a failed command said, on one printable line. */
function failure(command: string, result: SystemQueryResult): string {
  const said = result.stderr.trim().split(/\r?\n/)[0]?.slice(0, 200) ?? '';
  return printable(`${command} exited with ${result.exitCode}${said ? `: ${said}` : ''}`);
}

async function linuxPackages(query: Query, warn: (message: string) => void): Promise<InstalledSoftware[]> {
  const managers = [
    { command: 'dpkg-query', args: DPKG_QUERY_ARGS, parse: parseDpkgQueryOutput },
    { command: 'rpm', args: RPM_QUERY_ARGS, parse: parseRpmQueryOutput },
  ];
  const found: InstalledSoftware[] = [];
  let missing = 0;
  for (const manager of managers) {
    try {
      const result = await query(manager.command, manager.args);
      if (result.exitCode === 0) {
        found.push(...manager.parse(result.stdout));
      } else {
        warn(`installed software: ${failure(manager.command, result)}`);
      }
    } catch (error) {
      if (isMissingCommand(error)) {
        missing += 1;
      } else {
        warn(`installed software: ${printable((error as Error).message)}`);
      }
    }
  }
  if (missing === managers.length) {
    warn('installed software not read: neither dpkg-query nor rpm is on this computer');
  }
  return found;
}

async function windowsUninstallEntries(query: Query, warn: (message: string) => void): Promise<InstalledSoftware[]> {
  const found: InstalledSoftware[] = [];
  for (const key of WINDOWS_UNINSTALL_KEYS) {
    try {
      const result = await query('reg', ['query', key, '/s']);
      if (result.exitCode === 0) {
        found.push(...parseRegQueryOutput(result.stdout));
      } else if (!(result.exitCode === 1 && result.stdout.trim() === '')) {
        // Exit 1 without output: the key does not exist (WOW6432Node on 32-bit Windows, a user without per-user installs).
        warn(`installed software: ${failure(`reg query ${key}`, result)}`);
      }
    } catch (error) {
      warn(`installed software: ${printable((error as Error).message)}`);
    }
  }
  return found;
}

/** Info.plist of a bundle already read, by path, with its modification time: an unchanged bundle is not read again. */
const plistCache = new Map<string, { modifiedAt: number; entry: InstalledSoftware | undefined }>();

async function macosApplications(query: Query, options: SoftwareInventoryOptions): Promise<InstalledSoftware[]> {
  const folders = await (options.applicationFolders ?? defaultApplicationFolders)();
  const found: InstalledSoftware[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  for (const bundle of await applicationBundles(folders)) {
    const plistPath = join(bundle, 'Contents', 'Info.plist');
    const modifiedAt = await stat(plistPath).then(
      (stats) => stats.mtimeMs,
      () => undefined,
    );
    if (modifiedAt === undefined) {
      continue;
    }
    const cached = plistCache.get(plistPath);
    if (cached?.modifiedAt === modifiedAt) {
      if (cached.entry) found.push(cached.entry);
      continue;
    }
    try {
      const result = await query('plutil', ['-convert', 'json', '-o', '-', plistPath]);
      if (result.exitCode !== 0) {
        throw new Error(failure(`plutil ${plistPath}`, result));
      }
      const entry = parseInfoPlistJson(result.stdout, bundle);
      plistCache.set(plistPath, { modifiedAt, entry });
      if (entry) found.push(entry);
    } catch (error) {
      failed += 1;
      firstFailure ??= (error as Error).message;
      if (isMissingCommand(error)) break;
    }
  }
  if (failed > 0) {
    options.warn(`installed software: ${failed} application bundles not read, the first: ${printable(firstFailure ?? '')}`);
  }
  return found;
}

/** /Applications and the Applications folder of every user (the agent runs as root, its own home is not a user's). */
async function defaultApplicationFolders(): Promise<string[]> {
  const users = await readdir('/Users', { withFileTypes: true }).catch(() => []);
  return ['/Applications', ...users.filter((entry) => entry.isDirectory()).map((entry) => join('/Users', entry.name, 'Applications'))];
}

/** The `.app` bundles in each folder and in its subfolders one level down (as in /Applications/Utilities), not inside bundles. */
async function applicationBundles(folders: readonly string[]): Promise<string[]> {
  const bundles: string[] = [];
  const list = async (folder: string) => readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const folder of folders) {
    for (const entry of await list(folder)) {
      if (!entry.isDirectory()) continue;
      const path = join(folder, entry.name);
      if (/\.app$/i.test(entry.name)) {
        bundles.push(path);
        continue;
      }
      for (const inner of await list(path)) {
        if (inner.isDirectory() && /\.app$/i.test(inner.name)) bundles.push(join(path, inner.name));
      }
    }
    if (bundles.length >= MAX_SOFTWARE_ENTRIES) break;
  }
  return bundles.slice(0, MAX_SOFTWARE_ENTRIES);
}
