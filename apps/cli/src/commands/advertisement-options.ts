import type { MandatoryAssignmentData, RolloutPhaseInput } from '@sdp/contracts';
import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { toggle } from '../core/toggle';
import { defined, integer, oneOf, text, texts, timestamp } from '../core/values';
import { phasesFromOptions } from './rollout-options';

const RERUN = ['never', 'always', 'if-failed', 'if-succeeded'] as const;
const FAST_NETWORK = ['download', 'run-from-dp'] as const;
const SLOW_NETWORK = ['do-not-run', 'download', 'run-from-dp'] as const;
const PRIORITIES = ['high', 'medium', 'low'] as const;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const MAX_MANDATORY = 15;

export const ADVERTISEMENT_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'N', help: 'advertisement name' },
  comment: { type: 'string', value: 'TEXT', help: 'comment' },
  package: { type: 'string', value: 'ID', help: 'package ID' },
  program: { type: 'string', value: 'P', help: 'program name of the package' },
  collection: { type: 'string', value: 'ID', help: 'target collection' },
  mandatory: {
    type: 'string',
    multiple: true,
    value: 'WHEN',
    help: 'asap, logon, logoff, an ISO time, or TIME/PERIOD (recurring, e.g. 2026-03-09T02:00:00Z/P7D); repeatable, none = optional',
  },
  optional: { type: 'boolean', help: 'no mandatory assignment: users run it when they like' },
  rerun: { type: 'string', value: 'RULE', help: 'never, always, if-failed (default), if-succeeded' },
  'available-at': { type: 'string', value: 'TIME', help: 'ISO-8601 (default now)' },
  'expires-at': { type: 'string', value: 'TIME', help: 'ISO-8601, or never (default)' },
  'ignore-maintenance-windows': { type: 'boolean', help: 'run mandatory assignments outside maintenance windows' },
  'respect-maintenance-windows': { type: 'boolean', help: 'run only inside maintenance windows (default)' },
  'allow-restart-outside-windows': { type: 'boolean', help: 'allow a restart outside maintenance windows' },
  'allow-fallback': { type: 'boolean', help: 'clients may fall back to unprotected DPs' },
  'no-fallback': { type: 'boolean', help: 'no fallback to unprotected DPs (default)' },
  'fast-network': { type: 'string', value: 'MODE', help: 'download (default) or run-from-dp' },
  'slow-network': { type: 'string', value: 'MODE', help: 'do-not-run (default), download or run-from-dp' },
  'include-subcollections': { type: 'boolean', help: 'target subcollections too (default)' },
  'no-subcollections': { type: 'boolean', help: 'target the collection only' },
  'no-user-run': { type: 'boolean', help: 'users may not run it independently' },
  'user-run': { type: 'boolean', help: 'users may run it independently (default)' },
  priority: { type: 'string', value: 'high|medium|low', help: 'default medium' },
  'retry-attempts': { type: 'string', value: 'N', help: 'attempts in all when a run exits with a retry code or its download fails (default 3; 1 = no retry)' },
  'retry-backoff': { type: 'string', value: 'SECONDS', help: 'wait before the second attempt, doubled for each further one (default 60)' },
  'retry-max-backoff': { type: 'string', value: 'SECONDS', help: 'longest wait between attempts, before ±25 % jitter (default 3600)' },
  disable: { type: 'boolean', help: 'withhold it from clients' },
  enable: { type: 'boolean', help: 'offer it again' },
};

/** asap | logon | logoff | TIME | TIME/PERIOD (also R/TIME/PERIOD, the ISO-8601 repeating form). */
export function parseMandatory(raw: string): MandatoryAssignmentData {
  const value = raw.trim();
  const lower = value.toLowerCase();
  if (lower === 'asap' || lower === 'logon' || lower === 'logoff') return { type: lower };
  const parts = value.replace(/^R\//i, '').split('/');
  if (parts.length === 2) {
    if (!DURATION.test(parts[1])) throw new UsageError(`--mandatory ${JSON.stringify(raw)}: ${parts[1]} is not an ISO-8601 period such as P1D or PT4H`);
    return { type: 'recurring', at: timestamp(parts[0], 'mandatory'), every: parts[1] };
  }
  if (parts.length === 1) return { type: 'at', at: timestamp(parts[0], 'mandatory') };
  throw new UsageError(`--mandatory must be asap, logon, logoff, an ISO time or TIME/PERIOD, not ${JSON.stringify(raw)}`);
}

function mandatory(values: OptionValues): MandatoryAssignmentData[] | undefined {
  const specs = texts(values, 'mandatory');
  if (values.optional === true) {
    if (specs.length > 0) throw new UsageError('--optional and --mandatory contradict each other');
    return [];
  }
  if (specs.length > MAX_MANDATORY) throw new UsageError(`at most ${MAX_MANDATORY} --mandatory assignments`);
  return specs.length === 0 ? undefined : specs.map(parseMandatory);
}

/** Only the settings given; the service keeps the others (or its defaults) and checks the ranges. */
function retry(values: OptionValues) {
  const settings = defined({
    maxAttempts: integer(values, 'retry-attempts'),
    initialBackoffSeconds: integer(values, 'retry-backoff'),
    maxBackoffSeconds: integer(values, 'retry-max-backoff'),
  });
  return Object.keys(settings).length === 0 ? undefined : settings;
}

function expiresAt(values: OptionValues): string | null | undefined {
  const raw = text(values, 'expires-at');
  if (raw === undefined) return undefined;
  return raw === 'never' ? null : timestamp(raw, 'expires-at');
}

export function advertisementFields(values: OptionValues) {
  const availableAt = text(values, 'available-at');
  return defined({
    name: text(values, 'name'),
    comment: text(values, 'comment'),
    packageId: text(values, 'package')?.toUpperCase(),
    program: text(values, 'program'),
    collectionId: text(values, 'collection')?.toUpperCase(),
    includeSubcollections: toggle(values, 'include-subcollections', 'no-subcollections'),
    availableAt: availableAt === undefined ? undefined : timestamp(availableAt, 'available-at'),
    expiresAt: expiresAt(values),
    mandatory: mandatory(values),
    rerun: oneOf(values, 'rerun', RERUN),
    fastNetwork: oneOf(values, 'fast-network', FAST_NETWORK),
    slowNetwork: oneOf(values, 'slow-network', SLOW_NETWORK),
    allowFallbackToUnprotected: toggle(values, 'allow-fallback', 'no-fallback'),
    ignoreMaintenanceWindows: toggle(values, 'ignore-maintenance-windows', 'respect-maintenance-windows'),
    allowRestartOutsideWindows: values['allow-restart-outside-windows'] === true ? true : undefined,
    allowUserToRunIndependently: toggle(values, 'user-run', 'no-user-run'),
    priority: oneOf(values, 'priority', PRIORITIES),
    enabled: toggle(values, 'enable', 'disable'),
    retry: retry(values),
  });
}

export function createAdvertisementBody(values: OptionValues) {
  const fields = advertisementFields(values);
  const missing = (['name', 'package', 'program', 'collection'] as const).filter((option) => text(values, option) === undefined);
  if (missing.length > 0) throw new UsageError(`sdp advertise needs ${missing.map((option) => `--${option}`).join(', ')}`);
  const phases = phasesFromOptions(values);
  return { ...fields, ...(phases && { phases }) } as typeof fields & { name: string; packageId: string; program: string; collectionId: string; phases?: RolloutPhaseInput[] };
}

export function updateAdvertisementBody(values: OptionValues) {
  const fields = advertisementFields(values);
  if (Object.keys(fields).length === 0) throw new UsageError('nothing to change; see sdp advertisement update --help');
  return fields;
}
