import { COMMANDS } from '../commands';
import type { CommandSpec } from './command';
import { UsageError } from './errors';
import { resolveCommand, usageLine } from './parse';

const run = async () => undefined;
const specs: CommandSpec[] = [
  { words: ['package', 'create'], summary: '', options: { name: { type: 'string', help: '' }, dp: { type: 'string', multiple: true, help: '' } }, run },
  { words: ['package', 'upload'], args: ['ID', 'FOLDER'], summary: '', run },
  { words: ['dp', 'group', 'create'], args: ['NAME'], summary: '', run },
  { words: ['collection', 'preview'], args: ['EXPR', 'LIMIT?'], summary: '', run },
  { words: ['advertise'], summary: '', run },
  { words: ['collection', 'add-member'], args: ['ID', 'CLIENT...'], summary: '', run },
];

function command(argv: string[]) {
  const resolution = resolveCommand(argv, specs);
  if (resolution.kind !== 'command') throw new Error(`expected a command, got help for ${resolution.words.join(' ')}`);
  return resolution;
}

describe('resolveCommand', () => {
  it('finds the command by its words and parses its options', () => {
    const resolution = command(['package', 'create', '--name', 'Reader', '--dp', 'a', '--dp=b']);
    expect(resolution.spec.words).toEqual(['package', 'create']);
    expect(resolution.input.values).toMatchObject({ name: 'Reader', dp: ['a', 'b'] });
    expect(resolution.globals.json).toBe(false);
  });

  it('takes global options before, between and after the command words', () => {
    const resolution = command(['--profile', 'lab', 'dp', '--json', 'group', 'create', 'europe', '--token=t']);
    expect(resolution.spec.words).toEqual(['dp', 'group', 'create']);
    expect(resolution.input.args).toEqual(['europe']);
    expect(resolution.globals).toMatchObject({ json: true, profile: 'lab', token: 't' });
  });

  it('returns positional arguments in order and allows optional ones to be left out', () => {
    expect(command(['package', 'upload', 'S0100001', './src']).input.args).toEqual(['S0100001', './src']);
    expect(command(['collection', 'preview', "os.name = 'linux'"]).input.args).toEqual(["os.name = 'linux'"]);
  });

  it('asks for help with no command, a group alone, --help or the help word', () => {
    expect(resolveCommand([], specs)).toEqual({ kind: 'help', words: [] });
    expect(resolveCommand(['package'], specs)).toEqual({ kind: 'help', words: ['package'] });
    expect(resolveCommand(['dp', 'group', '--help'], specs)).toEqual({ kind: 'help', words: ['dp', 'group'] });
    expect(resolveCommand(['package', 'upload', '-h'], specs)).toEqual({ kind: 'help', words: ['package', 'upload'] });
    expect(resolveCommand(['help', 'package'], specs)).toEqual({ kind: 'help', words: ['package'] });
  });

  it('refuses unknown commands as usage errors at once', () => {
    expect(() => resolveCommand(['pakage', 'list'], specs)).toThrow(new UsageError('unknown command "sdp pakage"; see sdp --help'));
    expect(() => resolveCommand(['package', 'frob'], specs)).toThrow('unknown command "sdp package frob"; see sdp package --help');
    expect(() => resolveCommand(['package', '--name', 'x'], specs)).toThrow('"sdp package" needs a command; see sdp package --help');
  });

  it('names unknown options, missing values and missing and extra arguments', () => {
    expect(command(['package', 'create', '--colour', 'red']).problems).toEqual(['unknown option --colour']);
    expect(command(['package', 'create', '--name']).problems).toEqual(['option --name VALUE: argument missing']);
    expect(command(['package', 'create', '--json=yes']).problems).toEqual(['option --json takes no value']);
    expect(command(['package', 'create', '--name', '-x']).problems).toEqual(['option --name VALUE: argument missing before -x (a value that starts with - goes as --name=-x)']);
    expect(command(['package', 'create', '--name=-x']).input.values).toEqual({ name: '-x' });
    expect(command(['package', 'upload', 'S0100001']).problems).toEqual(['package upload: missing FOLDER; usage: sdp package upload ID FOLDER']);
    expect(command(['advertise', 'extra']).problems).toEqual(['advertise: unexpected argument "extra"; usage: sdp advertise']);
    expect(command(['package', 'create', '--name', 'x']).problems).toEqual([]);
  });

  it('names every problem of the command line, not only the first, and keeps the good values', () => {
    const resolution = command(['package', 'create', '--colour', 'red', '--name', 'Reader', '-z', '--size=3', '--dp']);
    expect(resolution.problems).toEqual(['unknown option --colour', 'unknown option -z', 'unknown option --size', 'option --dp VALUE: argument missing']);
    expect(resolution.input.values).toEqual({ name: 'Reader' });
    expect(resolution.input.args).toEqual([]);
    // An argument after an unknown option is taken as its value only when the command has too many.
    expect(command(['package', 'upload', '--force', 'S0100001', './src']).input.args).toEqual(['S0100001', './src']);
  });

  it('takes a last argument ending in ... once or more', () => {
    expect(command(['collection', 'add-member', 'S0100001', 'a', 'b', 'c']).input.args).toEqual(['S0100001', 'a', 'b', 'c']);
    expect(command(['collection', 'add-member', 'S0100001']).problems).toEqual([expect.stringContaining('collection add-member: missing CLIENT...')]);
  });

  it('shows optional arguments in brackets in the usage line', () => {
    expect(usageLine(specs[3])).toBe('sdp collection preview EXPR [LIMIT]');
  });
});

describe('the command table', () => {
  it('has no command whose words start another command', () => {
    const names = COMMANDS.map((spec) => spec.words.join(' '));
    expect(new Set(names).size).toBe(names.length);
    for (const spec of COMMANDS) {
      const longer = COMMANDS.filter((other) => other !== spec && spec.words.every((word, index) => other.words[index] === word));
      expect(longer.map((other) => other.words.join(' '))).toEqual([]);
    }
  });

  it('has every command of the sdp section of api.md', () => {
    const names = new Set(COMMANDS.map((spec) => spec.words.join(' ')));
    const apiMd = [
      'package create', 'package list', 'package show', 'package delete', 'package upload', 'package import-definition',
      'program add', 'dp add', 'dp list', 'dp group create', 'package distribute', 'package status', 'package refresh',
      'package validate', 'collection create', 'collection members', 'collection explain', 'advertise', 'advertisement status',
    ];
    expect(apiMd.filter((name) => !names.has(name))).toEqual([]);
  });

  it('gives no command an option that shadows a global one', () => {
    for (const spec of COMMANDS) {
      expect(Object.keys(spec.options ?? {}).filter((name) => ['json', 'help', 'profile', 'token'].includes(name) || name.endsWith('-url'))).toEqual([]);
    }
  });
});
