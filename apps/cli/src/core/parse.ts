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
  /** problems: every mistake in the options and arguments, empty when none; hint: the line after them, if any. */
  | { kind: 'command'; spec: CommandSpec; input: CommandInput; globals: GlobalValues; problems: string[]; hint?: string };

function takesValue(option: string, options: Record<string, OptionSpec>): boolean {
  return options[option]?.type === 'string';
}

/**
 * Splits argv into the command (the longest run of known command words, global options allowed
 * in between) and its options and arguments, checked strictly against the command's options:
 * an unknown command is an error at once; the problems of its options and arguments all come back.
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
  const { values, positionals, problems } = parseOptions(rest, options, spec.args?.length ?? 0);
  if (values.help === true) return { kind: 'help', words: spec.words };
  // Option mistakes send the user to the command's help; a missing argument's message has the usage line already.
  const hint = problems.length > 0 ? `see sdp ${spec.words.join(' ')} --help` : undefined;
  problems.push(...positionalProblems(spec, positionals));
  const globals: GlobalValues = {
    json: values.json === true,
    profile: values.profile as string | undefined,
    'catalog-url': values['catalog-url'] as string | undefined,
    'replication-url': values['replication-url'] as string | undefined,
    'targeting-url': values['targeting-url'] as string | undefined,
    'advertisement-url': values['advertisement-url'] as string | undefined,
    'metering-url': values['metering-url'] as string | undefined,
    token: values.token as string | undefined,
  };
  return { kind: 'command', spec, input: { args: positionals, values }, globals, problems, hint };
}

/**
 * The options and arguments after the command words, with every problem of them: each unknown
 * option, each option without its value or with one it does not take (node's strict parseArgs
 * stops at the first). The values keep only the options the command knows, well formed.
 */
function parseOptions(args: string[], options: Record<string, OptionSpec>, maxPositionals: number): { values: OptionValues; positionals: string[]; problems: string[] } {
  const parsed = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(options).map(([name, option]) => [
        name,
        { type: option.type, ...(option.multiple ? { multiple: true } : {}), ...(option.short ? { short: option.short } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values = parsed.values as OptionValues;
  const problems: string[] = [];
  const unknown = new Set<string>();
  /** Arguments right after an unknown option: its value (--colour red) when the command has too many. */
  const afterUnknown = new Set<number>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const known = options[token.name];
    if (known === undefined) {
      problems.push(`unknown option ${token.rawName}`);
      unknown.add(token.name);
      if (token.value === undefined) afterUnknown.add(token.index + 1);
    } else if (known.type === 'string' && token.value === undefined) {
      problems.push(`option ${token.rawName} ${known.value ?? 'VALUE'}: argument missing`);
      delete values[token.name];
    } else if (known.type === 'string' && !token.inlineValue && token.value?.startsWith('-')) {
      // As node's strict parsing: `--name --dp` is more likely a forgotten value than a name "--dp".
      problems.push(`option ${token.rawName} ${known.value ?? 'VALUE'}: argument missing before ${token.value} (a value that starts with - goes as ${token.rawName}=${token.value})`);
      delete values[token.name];
    } else if (known.type === 'boolean' && token.value !== undefined) {
      problems.push(`option ${token.rawName} takes no value`);
      delete values[token.name];
    }
  }
  for (const name of unknown) delete values[name];
  const positionalTokens = parsed.tokens.filter((token) => token.kind === 'positional');
  const tooMany = positionalTokens.length > maxPositionals;
  const positionals = positionalTokens.filter((token) => !(tooMany && afterUnknown.has(token.index))).map((token) => token.value);
  return { values, positionals, problems: [...new Set(problems)] };
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((word, index) => words[index] === word);
}

function positionalProblems(spec: CommandSpec, positionals: string[]): string[] {
  const names = spec.args ?? [];
  const required = names.filter((name) => !name.endsWith('?'));
  const command = spec.words.join(' ');
  if (positionals.length < required.length) {
    return [`${command}: missing ${required.slice(positionals.length).join(' ')}; usage: ${usageLine(spec)}`];
  }
  const variadic = names.length > 0 && names[names.length - 1].endsWith('...');
  if (!variadic && positionals.length > names.length) {
    return [`${command}: unexpected argument ${JSON.stringify(positionals[names.length])}; usage: ${usageLine(spec)}`];
  }
  return [];
}

export function usageLine(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((name) => (name.endsWith('?') ? `[${name.slice(0, -1)}]` : name));
  return ['sdp', ...spec.words, ...args, ...(spec.usage ? [spec.usage] : [])].join(' ');
}
