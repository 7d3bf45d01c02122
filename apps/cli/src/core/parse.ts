import { parseArgs } from 'node:util';
import type { CommandInput, CommandSpec, OptionSpec, OptionValues } from './command';
import { UsageError } from './errors';
import type { SettingsFlags } from './settings';

/** Options every command takes, before or after the command words. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: "print the API's JSON instead of a table" },
  help: { type: 'boolean', short: 'h', help: 'show help for the command (or group)' },
  profile: { type: 'string', value: 'NAME', help: 'use a named profile of the config file ($SDP_CONFIG or ~/.config/sdp/config.json)' },
  'catalog-url': { type: 'string', value: 'URL', help: 'catalog service (SDP_CATALOG_URL, default http://127.0.0.1:3001)' },
  'replication-url': { type: 'string', value: 'URL', help: 'content-replication service (SDP_REPLICATION_URL, default http://127.0.0.1:3002)' },
  'targeting-url': { type: 'string', value: 'URL', help: 'targeting service (SDP_TARGETING_URL, default http://127.0.0.1:3003)' },
  'advertisement-url': { type: 'string', value: 'URL', help: 'advertisement service (SDP_ADVERTISEMENT_URL, default http://127.0.0.1:3004)' },
  'metering-url': { type: 'string', value: 'URL', help: 'metering service (SDP_METERING_URL, default http://127.0.0.1:3005)' },
  token: { type: 'string', value: 'TOKEN', help: 'admin token (SDP_TOKEN, default dev-admin-token); never printed' },
};

export interface GlobalValues extends SettingsFlags {
  json: boolean;
}

export type Resolution =
  | { kind: 'help'; words: string[] }
  | { kind: 'command'; spec: CommandSpec; input: CommandInput; globals: GlobalValues };

function takesValue(option: string, options: Record<string, OptionSpec>): boolean {
  return options[option]?.type === 'string';
}

/**
 * Splits argv into the command (the longest run of known command words, global options allowed
 * in between) and its options and arguments, checked strictly against the command's options.
 */
export function resolveCommand(argv: readonly string[], specs: readonly CommandSpec[]): Resolution {
  const words: string[] = [];
  const wordIndexes = new Set<number>();
  let spec: CommandSpec | undefined;
  let askedHelp = false;
  let unknownWord: string | undefined;
  let onlyGlobals = true;
  for (let index = 0; index < argv.length && spec === undefined; index++) {
    const token = argv[index];
    if (token === '--') break;
    if (token.startsWith('-')) {
      const name = token.replace(/^--?/, '').split('=')[0];
      const global = Object.entries(GLOBAL_OPTIONS).find(([long, option]) => long === name || option.short === name);
      if (global === undefined) {
        onlyGlobals = false;
        break;
      }
      if (global[0] === 'help') askedHelp = true;
      if (takesValue(global[0], GLOBAL_OPTIONS) && !token.includes('=')) index++;
      continue;
    }
    if (words.length === 0 && token === 'help') {
      const rest = argv.slice(index + 1).filter((word) => !word.startsWith('-'));
      return { kind: 'help', words: rest };
    }
    const candidate = [...words, token];
    if (!specs.some((known) => startsWith(known.words, candidate))) {
      unknownWord = token;
      break;
    }
    words.push(token);
    wordIndexes.add(index);
    spec = specs.find((known) => known.words.length === words.length && startsWith(known.words, words));
  }
  if (spec === undefined) {
    if (askedHelp || (unknownWord === undefined && onlyGlobals)) return { kind: 'help', words };
    const tried = ['sdp', ...words, ...(unknownWord === undefined ? [] : [unknownWord])].join(' ');
    const what = unknownWord === undefined ? `"${tried}" needs a command` : `unknown command "${tried}"`;
    throw new UsageError(`${what}; see sdp ${[...words, '--help'].join(' ')}`);
  }
  const rest = argv.filter((_token, index) => !wordIndexes.has(index));
  const options = { ...GLOBAL_OPTIONS, ...(spec.options ?? {}) };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(options).map(([name, option]) => [
          name,
          { type: option.type, ...(option.multiple ? { multiple: true } : {}), ...(option.short ? { short: option.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const reason = unknown ? `unknown option ${unknown[1]}` : message.split('\n')[0];
    throw new UsageError(`${reason}; see sdp ${spec.words.join(' ')} --help`);
  }
  if (parsed.values.help === true) return { kind: 'help', words: spec.words };
  checkPositionals(spec, parsed.positionals);
  const globals: GlobalValues = {
    json: parsed.values.json === true,
    profile: parsed.values.profile as string | undefined,
    'catalog-url': parsed.values['catalog-url'] as string | undefined,
    'replication-url': parsed.values['replication-url'] as string | undefined,
    'targeting-url': parsed.values['targeting-url'] as string | undefined,
    'advertisement-url': parsed.values['advertisement-url'] as string | undefined,
    'metering-url': parsed.values['metering-url'] as string | undefined,
    token: parsed.values.token as string | undefined,
  };
  return { kind: 'command', spec, input: { args: parsed.positionals, values: parsed.values }, globals };
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((word, index) => words[index] === word);
}

function checkPositionals(spec: CommandSpec, positionals: string[]): void {
  const names = spec.args ?? [];
  const required = names.filter((name) => !name.endsWith('?'));
  const command = spec.words.join(' ');
  if (positionals.length < required.length) {
    throw new UsageError(`${command}: missing ${required.slice(positionals.length).join(' ')}; usage: ${usageLine(spec)}`);
  }
  const variadic = names.length > 0 && names[names.length - 1].endsWith('...');
  if (!variadic && positionals.length > names.length) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(positionals[names.length])}; usage: ${usageLine(spec)}`);
  }
}

export function usageLine(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((name) => (name.endsWith('?') ? `[${name.slice(0, -1)}]` : name));
  return ['sdp', ...spec.words, ...args, ...(spec.usage ? [spec.usage] : [])].join(' ');
}
