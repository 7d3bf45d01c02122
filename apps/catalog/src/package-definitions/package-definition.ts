import { PROGRAM_DEFAULTS, type PlatformData, type ProgramFields } from '@sdp/contracts';
import { findRuleProblem } from '../programs/program-rules';
import { DefinitionRejected } from './definition-rejected';
import { IniEntry, IniSection, readIniSections } from './ini-sections';

export interface DefinedPackage {
  name: string;
  version: string;
  manufacturer: string;
  language: string;
  description: string;
}

export interface DefinedProgram {
  name: string;
  /** `dependsOn` is null here: the dependency is `dependsOnProgram`, a program of the same package. */
  fields: ProgramFields;
  dependsOnProgram: string | null;
}

export interface PackageDefinition {
  package: DefinedPackage;
  /** Every dependency comes before the programs that depend on it. */
  programs: DefinedProgram[];
  /** Keys and sections that were not imported. */
  warnings: string[];
}

const TEXT_LIMIT = 255;
const COMMAND_LINE_LIMIT = 8191;
const SUPPORTED_PDF_VERSIONS = new Set(['1.0', '2.0']);
const PACKAGE_KEYS = new Set(['name', 'version', 'publisher', 'language', 'comment', 'programs']);
const PROGRAM_KEYS = new Set([
  'name', 'commandline', 'canrunwhen', 'userinputrequired', 'adminrightsrequired', 'estimateddiskspace',
  'estimatedruntime', 'supportedclients', 'afterrunning', 'dependency', 'startin', 'run', 'assignment', 'disabled',
]);
const RUN_WHEN: Record<string, ProgramFields['runWhen']> = { userloggedon: 'user-logged-on', nouserloggedon: 'no-user', anyuserstatus: 'any' };
const AFTER_RUNNING: Record<string, ProgramFields['afterRunning']> = {
  '': 'none',
  noaction: 'none',
  smsrestart: 'system-restart',
  programrestart: 'program-restarts',
  smslogoff: 'logoff',
};
const RUN_WINDOW: Record<string, ProgramFields['runWindow']> = { normal: 'normal', minimized: 'minimized', maximized: 'maximized', hidden: 'hidden' };
const RUN_ONCE_PER: Record<string, ProgramFields['runOncePer']> = { firstuser: 'computer', everyuser: 'user' };
const WINDOWS_ARCH: Record<string, PlatformData['arch']> = { i386: 'x86', x86: 'x86', x64: 'x64', amd64: 'x64', arm64: 'arm64' };
const UNIX_ARCH: Record<string, PlatformData['arch']> = { x64: 'x64', amd64: 'x64', x86_64: 'x64', arm64: 'arm64', aarch64: 'arm64' };
const DISK_UNITS_MB: Record<string, number> = { kb: 1 / 1024, mb: 1, gb: 1024, tb: 1024 * 1024 };
/** Where findRuleProblem's field names come from in the file. */
const KEY_OF_FIELD: Record<string, string> = {
  maxRunTimeMinutes: 'EstimatedRunTime',
  estimatedDiskSpaceMb: 'EstimatedDiskSpace',
  workingDirectory: 'StartIn',
  platforms: 'SupportedClients',
};

/**
 * Reads a package definition file of the original product (`[PDF]`, `[Package Definition]` and
 * one section per program listed in `Programs=`) into a package and its programs. Every program
 * passes the same rules a program created through the API passes; a broken rule or an unreadable
 * value is refused with its line and key, anything not understood is a warning.
 */
export function parsePackageDefinition(text: string): PackageDefinition {
  const sections = readIniSections(text);
  const warnings: string[] = [];
  const used = new Set<string>();
  const pdf = sections.get('pdf');
  if (pdf) {
    used.add('pdf');
    const version = pdf.entries.get('version');
    if (version && !SUPPORTED_PDF_VERSIONS.has(version.value)) {
      throw new DefinitionRejected(`PDF version ${version.value} is not supported (1.0 or 2.0)`, version.line, version.key);
    }
    warnUnknownKeys(pdf, new Set(['version']), warnings);
  } else {
    warnings.push('no [PDF] section; read as version 2.0');
  }
  const definition = sections.get('package definition');
  if (!definition) throw new DefinitionRejected('the file has no [Package Definition] section');
  used.add('package definition');
  warnUnknownKeys(definition, PACKAGE_KEYS, warnings);
  const packageFields: DefinedPackage = {
    name: text255(definition, 'Name', true),
    version: text255(definition, 'Version'),
    manufacturer: text255(definition, 'Publisher'),
    language: text255(definition, 'Language'),
    description: text255(definition, 'Comment'),
  };
  const programs: ListedProgram[] = [];
  const programsEntry = definition.entries.get('programs');
  for (const id of listOf(programsEntry?.value ?? '')) {
    const section = sections.get(id.toLowerCase());
    if (!section) throw new DefinitionRejected(`program ${id} is listed but has no [${id}] section`, programsEntry?.line, 'Programs');
    if (used.has(id.toLowerCase())) throw new DefinitionRejected(`program ${id} is listed twice`, programsEntry?.line, 'Programs');
    used.add(id.toLowerCase());
    programs.push({ id, program: readProgram(section, warnings), dependency: entryOf(section, 'Dependency') });
  }
  for (const [key, section] of sections) {
    if (!used.has(key)) warnings.push(`section [${section.name}] (line ${section.line}) is not a listed program; ignored`);
  }
  return { package: packageFields, programs: inDependencyOrder(programs), warnings };
}

function readProgram(section: IniSection, warnings: string[]): DefinedProgram {
  warnUnknownKeys(section, PROGRAM_KEYS, warnings);
  const name = section.entries.has('name') ? text255(section, 'Name', true) : section.name;
  const commandLine = entryOf(section, 'CommandLine');
  if (!commandLine || commandLine.value === '') throw new DefinitionRejected(`program [${section.name}] needs a CommandLine`, section.line, 'CommandLine');
  if (commandLine.value.length > COMMAND_LINE_LIMIT) throw new DefinitionRejected(`longer than ${COMMAND_LINE_LIMIT} characters`, commandLine.line, commandLine.key);
  const fields: ProgramFields = {
    ...PROGRAM_DEFAULTS,
    commandLine: commandLine.value,
    workingDirectory: entryOf(section, 'StartIn')?.value ?? PROGRAM_DEFAULTS.workingDirectory,
    runWindow: choice(section, 'Run', RUN_WINDOW) ?? PROGRAM_DEFAULTS.runWindow,
    runWhen: choice(section, 'CanRunWhen', RUN_WHEN) ?? PROGRAM_DEFAULTS.runWhen,
    afterRunning: choice(section, 'AfterRunning', AFTER_RUNNING) ?? PROGRAM_DEFAULTS.afterRunning,
    runOncePer: choice(section, 'Assignment', RUN_ONCE_PER) ?? PROGRAM_DEFAULTS.runOncePer,
    allowUserInteraction: flag(section, 'UserInputRequired') ?? PROGRAM_DEFAULTS.allowUserInteraction,
    disabled: flag(section, 'Disabled') ?? PROGRAM_DEFAULTS.disabled,
    runAs: mapFlag(flag(section, 'AdminRightsRequired'), 'admin', 'user') ?? PROGRAM_DEFAULTS.runAs,
    estimatedDiskSpaceMb: diskSpace(entryOf(section, 'EstimatedDiskSpace')),
    maxRunTimeMinutes: runTime(entryOf(section, 'EstimatedRunTime')),
    platforms: platforms(entryOf(section, 'SupportedClients')),
  };
  const problem = findRuleProblem(fields);
  if (problem) {
    const key = KEY_OF_FIELD[problem.field.replace(/\[\d+\]$/, '')] ?? problem.field;
    throw new DefinitionRejected(problem.why, entryOf(section, key)?.line ?? section.line, key);
  }
  const dependency = entryOf(section, 'Dependency')?.value ?? '';
  return { name, fields, dependsOnProgram: dependency === '' ? null : dependency };
}

interface ListedProgram {
  id: string;
  program: DefinedProgram;
  dependency: IniEntry | undefined;
}

/** Dependencies name a program by its Name or its section; each must be in this file, and comes first. */
function inDependencyOrder(listed: ListedProgram[]): DefinedProgram[] {
  const byName = new Map<string, ListedProgram>();
  for (const item of listed) {
    if (byName.has(item.program.name.toLowerCase())) throw new DefinitionRejected(`two programs are named ${item.program.name}`);
    byName.set(item.program.name.toLowerCase(), item);
  }
  const find = (name: string): ListedProgram | undefined => byName.get(name.toLowerCase()) ?? listed.find((item) => item.id.toLowerCase() === name.toLowerCase());
  for (const { program, dependency } of listed) {
    if (program.dependsOnProgram === null) continue;
    const target = find(program.dependsOnProgram);
    if (!target) throw new DefinitionRejected(`program ${program.dependsOnProgram} is not in this package definition`, dependency?.line, 'Dependency');
    program.dependsOnProgram = target.program.name;
  }
  const ordered: DefinedProgram[] = [];
  const state = new Map<ListedProgram, 'visiting' | 'done'>();
  const visit = (item: ListedProgram, path: string[]): void => {
    if (state.get(item) === 'done') return;
    if (state.get(item) === 'visiting') {
      throw new DefinitionRejected(`dependency loop: ${[...path, item.program.name].join(' → ')}`, item.dependency?.line, 'Dependency');
    }
    state.set(item, 'visiting');
    if (item.program.dependsOnProgram !== null) visit(find(item.program.dependsOnProgram)!, [...path, item.program.name]);
    state.set(item, 'done');
    ordered.push(item.program);
  };
  listed.forEach((item) => visit(item, []));
  return ordered;
}

function entryOf(section: IniSection, key: string): IniEntry | undefined {
  return section.entries.get(key.toLowerCase());
}

function text255(section: IniSection, key: string, required = false): string {
  const entry = entryOf(section, key);
  const value = entry?.value ?? '';
  if (required && value === '') throw new DefinitionRejected(`[${section.name}] needs a ${key}`, entry?.line ?? section.line, key);
  if (value.length > TEXT_LIMIT) throw new DefinitionRejected(`longer than ${TEXT_LIMIT} characters`, entry?.line, key);
  return value;
}

function choice<T>(section: IniSection, key: string, values: Record<string, T>): T | undefined {
  const entry = entryOf(section, key);
  if (!entry) return undefined;
  const value = values[entry.value.toLowerCase()];
  if (value === undefined) {
    const allowed = Object.keys(values).filter((name) => name !== '').join(', ');
    throw new DefinitionRejected(`${JSON.stringify(entry.value)} is not one of ${allowed} (case-insensitive)`, entry.line, entry.key);
  }
  return value;
}

function flag(section: IniSection, key: string): boolean | undefined {
  const entry = entryOf(section, key);
  if (!entry) return undefined;
  const value = entry.value.toLowerCase();
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  throw new DefinitionRejected(`${JSON.stringify(entry.value)} is not True or False`, entry.line, entry.key);
}

function mapFlag<T>(value: boolean | undefined, ifTrue: T, ifFalse: T): T | undefined {
  return value === undefined ? undefined : value ? ifTrue : ifFalse;
}

function isUnknown(value: string): boolean {
  return value === '' || value.toLowerCase() === 'unknown';
}

/** `20MB`, `1.5 GB`, `512KB` or `Unknown`; stored as whole megabytes, rounded up. */
function diskSpace(entry: IniEntry | undefined): number | null {
  if (!entry || isUnknown(entry.value)) return null;
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB)?$/i.exec(entry.value);
  if (!match) throw new DefinitionRejected(`${JSON.stringify(entry.value)} is not a size like 20MB or Unknown`, entry.line, entry.key);
  return Math.ceil(Number(match[1]) * DISK_UNITS_MB[(match[2] ?? 'MB').toLowerCase()]);
}

/** Whole minutes or `Unknown` (the default applies); the 1..720 range is the program rules' to check. */
function runTime(entry: IniEntry | undefined): number {
  if (!entry || isUnknown(entry.value)) return PROGRAM_DEFAULTS.maxRunTimeMinutes;
  if (!/^\d{1,6}$/.test(entry.value)) throw new DefinitionRejected(`${JSON.stringify(entry.value)} is not a whole number of minutes or Unknown`, entry.line, entry.key);
  return Number(entry.value);
}

/** `Win NT (I386),Win NT (x64)`, `Linux (arm64)`, `macOS`; no key or `All` = any platform. */
function platforms(entry: IniEntry | undefined): ProgramFields['platforms'] {
  if (!entry || entry.value === '' || entry.value.toLowerCase() === 'all') return 'any';
  const result: PlatformData[] = [];
  for (const client of listOf(entry.value)) {
    const match = /^(win nt|windows|linux|macos|mac os x)\s*(?:\((\w+)\))?$/i.exec(client);
    const family = match?.[1].toLowerCase();
    const arch = match?.[2]?.toLowerCase();
    const refuse = (): never => {
      throw new DefinitionRejected(`unknown client platform ${JSON.stringify(client)}`, entry.line, entry.key);
    };
    if (!family) refuse();
    if (family === 'win nt' || family === 'windows') {
      const mapped = WINDOWS_ARCH[arch ?? 'x64'] ?? refuse();
      result.push({ os: 'windows', arch: mapped });
      continue;
    }
    const os: PlatformData['os'] = family === 'linux' ? 'linux' : 'macos';
    if (arch === undefined) {
      result.push({ os, arch: 'x64' }, { os, arch: 'arm64' });
    } else {
      result.push({ os, arch: UNIX_ARCH[arch] ?? refuse() });
    }
  }
  return result;
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function warnUnknownKeys(section: IniSection, known: Set<string>, warnings: string[]): void {
  for (const [key, entry] of section.entries) {
    if (!known.has(key)) warnings.push(`[${section.name}] ${entry.key} (line ${entry.line}) is not imported`);
  }
}
