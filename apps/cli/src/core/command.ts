import type { ApiClient } from './api-client';
import { printableJson, printableLines } from '@sdp/text';
import type { Settings } from './settings';
import { checkUsage } from './usage-problems';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. URL. */
  value?: string;
  help: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandInput {
  /** Positional arguments after the command words, in order. */
  args: string[];
  values: OptionValues;
}

export interface Terminal {
  write(text: string): void;
  isTTY: boolean;
  /** Columns of the terminal, when it is one. */
  columns?: number;
}

export interface CommandContext {
  api: ApiClient;
  settings: Settings;
  json: boolean;
  env: NodeJS.ProcessEnv;
  stdout: Terminal;
  stderr: Terminal;
  /** Aborted on Ctrl-C, so a watch can end cleanly. */
  signal: AbortSignal;
}

export interface CommandSpec {
  /** The words that name the command: ['package', 'create']. */
  words: string[];
  /** Positional argument names; a trailing '?' marks an optional one, a trailing '...' a last one given once or more. */
  args?: string[];
  /** Usage line after the words, when it says more than the argument names. */
  usage?: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  run(context: CommandContext, input: CommandInput): Promise<void>;
}

/**
 * Every line the CLI prints: whatever the services sent, nothing unprintable reaches the terminal
 * raw; nothing at all while the command line has a usage problem.
 */
export function printLine(terminal: Terminal, text: string): void {
  checkUsage();
  const safe = printableLines(text);
  terminal.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

/** The API's answer as JSON for --json, or the human rendering otherwise. */
export function show<T>(context: CommandContext, value: T, human: (value: T) => string): void {
  printLine(context.stdout, context.json ? printableJson(value, 2) : human(value));
}
