import { COMMANDS } from '../commands';
import type { CommandInput } from '../core/command';
import { resolveCommand } from '../core/parse';

/** The parsed options of a command line, as the command's run() receives them. */
export function inputOf(argv: string[]): CommandInput {
  const resolution = resolveCommand(argv, COMMANDS);
  if (resolution.kind !== 'command') throw new Error(`${argv.join(' ')} is not a command`);
  return resolution.input;
}
