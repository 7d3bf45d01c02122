import { COMMANDS } from './commands';
import { ApiClient } from './core/api-client';
import { printLine, Terminal } from './core/command';
import { configPathFrom, readConfigFile } from './core/config-file';
import { ConsistencyTokens, consistencyTokensPath } from './core/consistency-tokens';
import { errorLine, EXIT_OK, exitCodeOf } from './core/errors';
import { helpText } from './core/help';
import { resolveCommand } from './core/parse';
import { resolveSettings } from './core/settings';
import { checkUsage, gatherUsageProblems, UsageProblems } from './core/usage-problems';

export interface CliIo {
  stdout: Terminal;
  stderr: Terminal;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/**
 * Runs one command line; the exit code is the result, and a failure is one line on stderr, or
 * one line per problem when the command line has several (each bad option, not only the first).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let problems: UsageProblems | undefined;
  try {
    const resolution = resolveCommand(argv, COMMANDS);
    if (resolution.kind === 'help') {
      printLine(io.stdout, helpText(COMMANDS, resolution.words));
      return EXIT_OK;
    }
    const gathered = new UsageProblems(resolution.hint);
    problems = gathered;
    resolution.problems.forEach((problem) => gathered.add(problem));
    await gatherUsageProblems(gathered, async () => {
      const configPath = configPathFrom(io.env);
      const settings = resolveSettings({ flags: resolution.globals, env: io.env, config: readConfigFile(configPath), configPath });
      // The command reads its options first: their problems join those above; nothing is sent,
      // printed or written while there is one (ApiClient, printLine and agent package check).
      await resolution.spec.run(
        { api: new ApiClient(settings, fetch, new ConsistencyTokens(consistencyTokensPath(configPath), settings.urls)), settings, json: resolution.globals.json, env: io.env, stdout: io.stdout, stderr: io.stderr, signal: io.signal },
        resolution.input,
      );
      checkUsage();
    });
    return EXIT_OK;
  } catch (reason) {
    // With problems gathered, whatever ended the run came of them (an option read as undefined).
    const error = problems?.any ? problems.error(reason) : reason;
    io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}
