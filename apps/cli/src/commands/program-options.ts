import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { toggle } from '../core/toggle';
import { defined, integer, integers, oneOf, text, texts } from '../core/values';
import { parsePlatforms } from './platform';

const RUN_WINDOWS = ['normal', 'minimized', 'maximized', 'hidden'] as const;
const AFTER_RUNNING = ['none', 'system-restart', 'program-restarts', 'logoff'] as const;
const RUN_WHEN = ['user-logged-on', 'no-user', 'any'] as const;
const RUN_AS = ['admin', 'user'] as const;
const RUN_ONCE_PER = ['computer', 'user'] as const;

/** Options of `program add` and `program update`; the names follow the fields of domain.md. */
export const PROGRAM_OPTIONS: Record<string, OptionSpec> = {
  command: { type: 'string', value: 'LINE', help: 'command line (commandLine), at most 8191 characters' },
  'working-directory': { type: 'string', value: 'DIR', help: 'relative to the package root' },
  platform: { type: 'string', multiple: true, value: 'SPEC', help: 'any, or OS/ARCH[>=MIN][<=MAX] such as windows/x64>=10.0 or linux/any (any architecture); repeatable' },
  'max-run-time': { type: 'string', value: 'MIN', help: 'minutes, 1..720 (default 120)' },
  'run-as': { type: 'string', value: 'admin|user', help: 'default admin' },
  'run-when': { type: 'string', value: 'WHEN', help: 'user-logged-on, no-user or any (default)' },
  'run-window': { type: 'string', value: 'MODE', help: 'normal (default), minimized, maximized, hidden' },
  'after-running': { type: 'string', value: 'ACTION', help: 'none (default), system-restart, program-restarts, logoff' },
  'run-once-per': { type: 'string', value: 'computer|user', help: 'default computer' },
  category: { type: 'string', value: 'TEXT', help: 'free text' },
  'disk-space': { type: 'string', value: 'MB', help: 'estimated disk space in MB' },
  'depends-on': { type: 'string', value: 'PKG:PROGRAM', help: 'program that runs first ("none" removes it)' },
  'always-run-first': { type: 'boolean', help: 'with --depends-on: run the dependency every time, not only until it succeeded once' },
  'user-interaction': { type: 'boolean', help: 'allow user interaction' },
  'no-user-interaction': { type: 'boolean', help: 'no user interaction (default)' },
  'suppress-notifications': { type: 'boolean', help: 'suppress notifications' },
  'show-notifications': { type: 'boolean', help: 'show notifications (default)' },
  disable: { type: 'boolean', help: 'withhold the program from every client' },
  enable: { type: 'boolean', help: 'offer the program again' },
  'success-exit-code': { type: 'string', multiple: true, value: 'N', help: 'repeatable or comma-separated (default 0)' },
  'reboot-exit-code': { type: 'string', multiple: true, value: 'N', help: 'success, reboot pending (default 1604,1641,3010,3011)' },
  'retry-exit-code': { type: 'string', multiple: true, value: 'N', help: 'failed now, retried later (default none)' },
};

interface Dependency {
  packageId: string;
  program: string;
  alwaysRunFirst: boolean;
}

function dependsOn(values: OptionValues): Dependency | null | undefined {
  const raw = text(values, 'depends-on');
  const always = values['always-run-first'] === true;
  if (raw === undefined) {
    if (always) throw new UsageError('--always-run-first needs --depends-on PKG:PROGRAM');
    return undefined;
  }
  if (raw === 'none') return null;
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) throw new UsageError(`--depends-on must be PACKAGE_ID:PROGRAM, not ${JSON.stringify(raw)}`);
  return { packageId: raw.slice(0, colon).toUpperCase(), program: raw.slice(colon + 1), alwaysRunFirst: always };
}

/** The program fields given on the command line; absent options stay absent so the service's defaults apply. */
export function programFields(values: OptionValues) {
  return defined({
    commandLine: text(values, 'command'),
    workingDirectory: text(values, 'working-directory'),
    runWindow: oneOf(values, 'run-window', RUN_WINDOWS),
    afterRunning: oneOf(values, 'after-running', AFTER_RUNNING),
    category: text(values, 'category'),
    estimatedDiskSpaceMb: integer(values, 'disk-space', 0),
    maxRunTimeMinutes: integer(values, 'max-run-time', 1, 720),
    platforms: parsePlatforms(texts(values, 'platform')),
    runWhen: oneOf(values, 'run-when', RUN_WHEN),
    runAs: oneOf(values, 'run-as', RUN_AS),
    allowUserInteraction: toggle(values, 'user-interaction', 'no-user-interaction'),
    runOncePer: oneOf(values, 'run-once-per', RUN_ONCE_PER),
    dependsOn: dependsOn(values),
    suppressNotifications: toggle(values, 'suppress-notifications', 'show-notifications'),
    disabled: toggle(values, 'disable', 'enable'),
    successExitCodes: integers(values, 'success-exit-code'),
    rebootExitCodes: integers(values, 'reboot-exit-code'),
    retryExitCodes: integers(values, 'retry-exit-code'),
  });
}

export function createProgramBody(values: OptionValues) {
  const name = text(values, 'name');
  const fields = programFields(values);
  if (!name) throw new UsageError('--name is required');
  if (!fields.commandLine) throw new UsageError('--command is required');
  return { name, ...fields };
}
