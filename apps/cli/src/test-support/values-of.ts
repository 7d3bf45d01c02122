import { COMMANDS } from '../commands';
import type { CommandInput } from '../core/command';
import { UsageError } from '../core/errors';
import { resolveCommand } from '../core/parse';

/** The parsed options of a command line, as the command's run() receives them; its problems as a usage error. */
export function inputOf(argv: string[]): CommandInput {
  const resolution = resolveCommand(argv, COMMANDS);
  if (resolution.kind !== 'command') throw new Error(`${argv.join(' ')} is not a command`);
  if (resolution.problems.length > 0) throw new UsageError(resolution.problems);
  return resolution.input;
}
