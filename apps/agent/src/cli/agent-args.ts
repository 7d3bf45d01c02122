import { parseOptionsFile } from '@sdp/agent-options';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_OUTPUT_TAIL_BYTES, OUTPUT_TAIL_BYTES_RANGE } from '../run/output-tail';
import { defaultDataDir } from './default-data-dir';

export interface AgentSettings {
  targetingUrl: string;
  advertisementUrl: string;
  replicationUrl: string;
  enrollSecret: string;
  dataDir: string;
  pollSeconds: number;
  recheckSeconds: number;
  once: boolean;
  inventoryFile: string | null;
  cacheSizeMb: number;
  name: string | null;
  /** Hold a notification stream to the advertisement service and poll as soon as it says the policy changed. */
  push: boolean;
  /** Told of a change, wait a random 0..pushDelayMs before polling, so a change to many clients does not bring them all at once. */
  pushDelayMs: number;
  /** The metering service; none: nothing is metered. */
  meteringUrl?: string | null;
  /** How often running programs are sampled for metering. */
  meteringSampleSeconds?: number;
  /** How much of the end of each output stream of a program a status report carries, in bytes. */
  outputTailBytes?: number;
}

export type AgentCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'supervise'; settings: AgentSettings; serviceArgs: string[]; confirmTimeoutSeconds: number }
  | { kind: 'service'; settings: AgentSettings }
  | { kind: 'available'; settings: AgentSettings }
  | { kind: 'run'; settings: AgentSettings; advertisementId: string };

const OPTIONS = {
  targeting: { type: 'string' },
  advertisement: { type: 'string' },
  replication: { type: 'string' },
  'enroll-secret': { type: 'string' },
  'data-dir': { type: 'string' },
  'poll-seconds': { type: 'string' },
  once: { type: 'boolean' },
  'inventory-file': { type: 'string' },
  'cache-size-mb': { type: 'string' },
  name: { type: 'string' },
  'no-push': { type: 'boolean' },
  'options-file': { type: 'string' },
  metering: { type: 'string' },
  'metering-seconds': { type: 'string' },
  'output-tail-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const DEFAULT_CACHE_MB = 5120;
const DEFAULT_PUSH_DELAY_MS = 2000;
const DEFAULT_METERING_SAMPLE_SECONDS = 5;
const DEFAULT_UPDATE_CONFIRM_SECONDS = 120;

export class UsageError extends Error {}

/**
 * Flags win over environment variables, which win over the options file (--options-file, an
 * installer's baked-in settings), which wins over the defaults.
 */
export function parseAgentCommand(
  argv: readonly string[],
  processEnv: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): AgentCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    return { kind: 'help' };
  }
  if (values.version) {
    return { kind: 'version' };
  }
  const env = { ...optionsFrom(values['options-file'] ?? processEnv.SDP_AGENT_OPTIONS_FILE, readText), ...processEnv };
  const settings = (): AgentSettings => ({
    targetingUrl: url('--targeting', values.targeting ?? env.SDP_TARGETING_URL ?? 'http://127.0.0.1:3003'),
    advertisementUrl: url('--advertisement', values.advertisement ?? env.SDP_ADVERTISEMENT_URL ?? 'http://127.0.0.1:3004'),
    replicationUrl: url('--replication', values.replication ?? env.SDP_REPLICATION_URL ?? 'http://127.0.0.1:3002'),
    enrollSecret: required('--enroll-secret (or SDP_AGENT_ENROLL_SECRET)', values['enroll-secret'] ?? env.SDP_AGENT_ENROLL_SECRET ?? env.SDP_ENROLLMENT_SECRET),
    dataDir: values['data-dir'] ?? env.SDP_AGENT_DATA_DIR ?? defaultDataDir(platform, env),
    pollSeconds: positiveInteger('--poll-seconds', values['poll-seconds'] ?? env.SDP_AGENT_POLL_SECONDS ?? '3600'),
    recheckSeconds: positiveInteger('SDP_AGENT_RECHECK_SECONDS', env.SDP_AGENT_RECHECK_SECONDS ?? '5'),
    once: values.once ?? isTrue(env.SDP_AGENT_ONCE),
    inventoryFile: values['inventory-file'] ?? env.SDP_AGENT_INVENTORY_FILE ?? null,
    cacheSizeMb: positiveInteger('--cache-size-mb', values['cache-size-mb'] ?? env.SDP_AGENT_CACHE_SIZE_MB ?? String(DEFAULT_CACHE_MB)),
    name: values.name ?? env.SDP_AGENT_NAME ?? null,
    push: values['no-push'] ? false : !isFalse(env.SDP_AGENT_PUSH),
    pushDelayMs: nonNegativeInteger('SDP_AGENT_PUSH_DELAY_MS', env.SDP_AGENT_PUSH_DELAY_MS ?? String(DEFAULT_PUSH_DELAY_MS)),
    ...meteringSettings(values.metering ?? env.SDP_METERING_URL, values['metering-seconds'] ?? env.SDP_AGENT_METERING_SECONDS),
    outputTailBytes: integerWithin(
      '--output-tail-bytes',
      values['output-tail-bytes'] ?? env.SDP_AGENT_OUTPUT_TAIL_BYTES ?? String(DEFAULT_OUTPUT_TAIL_BYTES),
      OUTPUT_TAIL_BYTES_RANGE,
    ),
  });
  switch (positionals[0]) {
    case undefined:
      return { kind: 'service', settings: settings() };
    case 'available':
      expectPositionals(positionals, 1, 'available');
      return { kind: 'available', settings: settings() };
    case 'run':
      expectPositionals(positionals, 2, 'run ADVERTISEMENT_ID');
      return { kind: 'run', settings: settings(), advertisementId: positionals[1] };
    case 'supervise': {
      expectPositionals(positionals, 1, 'supervise [OPTIONS]');
      // The supervisor starts the service with the same options: checked here, once, not in a restart loop.
      const serviceArgs = argv.filter((argument) => argument !== 'supervise');
      return {
        kind: 'supervise',
        settings: settings(),
        serviceArgs,
        confirmTimeoutSeconds: positiveInteger('SDP_AGENT_UPDATE_CONFIRM_SECONDS', env.SDP_AGENT_UPDATE_CONFIRM_SECONDS ?? String(DEFAULT_UPDATE_CONFIRM_SECONDS)),
      };
    }
    default:
      throw new UsageError(`unknown command "${positionals[0]}" (expected available, run or supervise)`);
  }
}

function optionsFrom(path: string | undefined, readText: (path: string) => string): Record<string, string | undefined> {
  if (path === undefined || path === '') return {};
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    throw new UsageError(`cannot read the options file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseOptionsFile(text, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function expectPositionals(positionals: string[], count: number, usage: string): void {
  if (positionals.length !== count) {
    throw new UsageError(`usage: sdp-agent ${usage}`);
  }
}

function required(name: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new UsageError(`${name} is required`);
  }
  return value;
}

/** Metering is on only with a metering service's URL; it then samples every 5 s unless told otherwise. */
function meteringSettings(meteringUrl: string | undefined, sampleSeconds: string | undefined): Pick<AgentSettings, 'meteringUrl' | 'meteringSampleSeconds'> {
  if (!meteringUrl) {
    return {};
  }
  return { meteringUrl: url('--metering', meteringUrl), meteringSampleSeconds: positiveInteger('--metering-seconds', sampleSeconds ?? String(DEFAULT_METERING_SAMPLE_SECONDS)) };
}

function url(name: string, value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value;
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`${name} must be a positive integer, got "${value}"`);
  }
  return number;
}

function integerWithin(name: string, value: string, range: { min: number; max: number }): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < range.min || number > range.max) {
    throw new UsageError(`${name} must be a whole number from ${range.min} to ${range.max}, got "${value}"`);
  }
  return number;
}

function nonNegativeInteger(name: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new UsageError(`${name} must be a whole number, got "${value}"`);
  }
  return number;
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

function isFalse(value: string | undefined): boolean {
  return value === '0' || value?.toLowerCase() === 'false';
}
