import { PlatformData, ProgramData } from '../api/types';
import { FieldErrors } from '../components/form-errors';

export interface ProgramFormValues {
  name: string;
  commandLine: string;
  workingDirectory: string;
  runWindow: ProgramData['runWindow'];
  afterRunning: ProgramData['afterRunning'];
  category: string;
  estimatedDiskSpaceMb: string;
  maxRunTimeMinutes: string;
  anyPlatform: boolean;
  platforms: { os: PlatformData['os']; arch: PlatformData['arch']; minVersion: string; maxVersion: string }[];
  runWhen: ProgramData['runWhen'];
  runAs: ProgramData['runAs'];
  allowUserInteraction: boolean;
  runOncePer: ProgramData['runOncePer'];
  dependsOnPackageId: string;
  dependsOnProgram: string;
  dependsOnAlwaysRunFirst: boolean;
  suppressNotifications: boolean;
  disabled: boolean;
  successExitCodes: string;
  rebootExitCodes: string;
  retryExitCodes: string;
}

export const PROGRAM_FIELDS = [
  'name',
  'commandLine',
  'workingDirectory',
  'runWindow',
  'afterRunning',
  'category',
  'estimatedDiskSpaceMb',
  'maxRunTimeMinutes',
  'platforms',
  'runWhen',
  'runAs',
  'runOncePer',
  'dependsOn',
  'successExitCodes',
  'rebootExitCodes',
  'retryExitCodes',
] as const;

export function programFormValues(existing?: ProgramData): ProgramFormValues {
  return {
    name: existing?.name ?? '',
    commandLine: existing?.commandLine ?? '',
    workingDirectory: existing?.workingDirectory ?? '',
    runWindow: existing?.runWindow ?? 'normal',
    afterRunning: existing?.afterRunning ?? 'none',
    category: existing?.category ?? '',
    estimatedDiskSpaceMb: existing?.estimatedDiskSpaceMb == null ? '' : String(existing.estimatedDiskSpaceMb),
    maxRunTimeMinutes: String(existing?.maxRunTimeMinutes ?? 120),
    anyPlatform: !existing || existing.platforms === 'any',
    platforms:
      existing && existing.platforms !== 'any'
        ? existing.platforms.map((platform) => ({ os: platform.os, arch: platform.arch, minVersion: platform.minVersion ?? '', maxVersion: platform.maxVersion ?? '' }))
        : [],
    runWhen: existing?.runWhen ?? 'any',
    runAs: existing?.runAs ?? 'admin',
    allowUserInteraction: existing?.allowUserInteraction ?? false,
    runOncePer: existing?.runOncePer ?? 'computer',
    dependsOnPackageId: existing?.dependsOn?.packageId ?? '',
    dependsOnProgram: existing?.dependsOn?.program ?? '',
    dependsOnAlwaysRunFirst: existing?.dependsOn?.alwaysRunFirst ?? false,
    suppressNotifications: existing?.suppressNotifications ?? false,
    disabled: existing?.disabled ?? false,
    successExitCodes: (existing?.successExitCodes ?? [0]).join(', '),
    rebootExitCodes: (existing?.rebootExitCodes ?? [1604, 1641, 3010, 3011]).join(', '),
    retryExitCodes: (existing?.retryExitCodes ?? []).join(', '),
  };
}

/** "0, 3010" → [0, 3010]; undefined when some item is not an integer. */
export function parseExitCodes(text: string): number[] | undefined {
  const items = text.split(/[\s,]+/).filter(Boolean);
  const codes = items.map(Number);
  return codes.every((code) => Number.isInteger(code)) ? codes : undefined;
}

export function validateProgram(values: ProgramFormValues, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (creating && values.name.trim() === '') errors.name = 'Name is required.';
  if (values.name.length > 255) errors.name = 'At most 255 characters.';
  if (values.commandLine.trim() === '') errors.commandLine = 'Command line is required.';
  if (values.commandLine.length > 8191) errors.commandLine = `At most 8191 characters (now ${values.commandLine.length}).`;
  const minutes = Number(values.maxRunTimeMinutes);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 720) errors.maxRunTimeMinutes = 'A whole number of minutes from 1 to 720.';
  if (values.estimatedDiskSpaceMb.trim() !== '' && !Number.isInteger(Number(values.estimatedDiskSpaceMb))) errors.estimatedDiskSpaceMb = 'A whole number of MB, or empty for unknown.';
  if (!values.anyPlatform && values.platforms.length === 0) errors.platforms = 'Add at least one platform, or choose any platform.';
  if ((values.dependsOnPackageId.trim() === '') !== (values.dependsOnProgram.trim() === '')) errors.dependsOn = 'Give both the package ID and the program name, or neither.';
  for (const field of ['successExitCodes', 'rebootExitCodes', 'retryExitCodes'] as const) {
    if (!parseExitCodes(values[field])) errors[field] = 'Whole numbers separated by commas.';
  }
  return errors;
}

export function programBody(values: ProgramFormValues, creating: boolean): Record<string, unknown> {
  return {
    ...(creating ? { name: values.name.trim() } : {}),
    commandLine: values.commandLine,
    workingDirectory: values.workingDirectory,
    runWindow: values.runWindow,
    afterRunning: values.afterRunning,
    category: values.category,
    estimatedDiskSpaceMb: values.estimatedDiskSpaceMb.trim() === '' ? null : Number(values.estimatedDiskSpaceMb),
    maxRunTimeMinutes: Number(values.maxRunTimeMinutes),
    platforms: values.anyPlatform
      ? 'any'
      : values.platforms.map((platform) => ({
          os: platform.os,
          arch: platform.arch,
          ...(platform.minVersion.trim() ? { minVersion: platform.minVersion.trim() } : {}),
          ...(platform.maxVersion.trim() ? { maxVersion: platform.maxVersion.trim() } : {}),
        })),
    runWhen: values.runWhen,
    runAs: values.runAs,
    allowUserInteraction: values.allowUserInteraction,
    runOncePer: values.runOncePer,
    dependsOn: values.dependsOnPackageId.trim()
      ? { packageId: values.dependsOnPackageId.trim(), program: values.dependsOnProgram.trim(), alwaysRunFirst: values.dependsOnAlwaysRunFirst }
      : null,
    suppressNotifications: values.suppressNotifications,
    disabled: values.disabled,
    successExitCodes: parseExitCodes(values.successExitCodes),
    rebootExitCodes: parseExitCodes(values.rebootExitCodes),
    retryExitCodes: parseExitCodes(values.retryExitCodes),
  };
}
