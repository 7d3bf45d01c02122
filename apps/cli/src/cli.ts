import { COMMANDS } from './commands';
import { ApiClient } from './core/api-client';
import { printLine, Terminal } from './core/command';
import { configPathFrom, readConfigFile } from './core/config-file';
import { ConsistencyTokens, consistencyTokensPath } from './core/consistency-tokens';
import { errorLine, EXIT_OK, exitCodeOf } from './core/errors';
import { helpText } from './core/help';
import { resolveCommand } from './core/parse';
import { resolveSettings } from './core/settings';

export interface CliIo {
  stdout: Terminal;
  stderr: Terminal;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** Runs one command line; the exit code is the result, and a failure is one line on stderr. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const resolution = resolveCommand(argv, COMMANDS);
    if (resolution.kind === 'help') {
      printLine(io.stdout, helpText(COMMANDS, resolution.words));
      return EXIT_OK;
    }
    const configPath = configPathFrom(io.env);
    const settings = resolveSettings({ flags: resolution.globals, env: io.env, config: readConfigFile(configPath), configPath });
    await resolution.spec.run(
      { api: new ApiClient(settings, fetch, new ConsistencyTokens(consistencyTokensPath(configPath), settings.urls)), settings, json: resolution.globals.json, env: io.env, stdout: io.stdout, stderr: io.stderr, signal: io.signal },
      resolution.input,
    );
    return EXIT_OK;
  } catch (error) {
    io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}
