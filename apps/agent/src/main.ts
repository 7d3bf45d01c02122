import { HardError, cycleOnce, listAvailable, runRequested } from './agent/agent-commands';
import { consoleEventLog } from './agent/event-log';
import { runServiceLoop } from './agent/service-loop';
import { parseAgentCommand, UsageError } from './cli/agent-args';
import { HELP_TEXT } from './cli/help-text';
import { agentVersion } from './self-update/agent-version';
import { EXIT_RESTART } from './self-update/self-updater';
import { runSupervisor } from './self-update/supervisor';
import { dataDirLayout } from './state/data-dir-layout';
import { isSea } from 'node:sea';

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

async function main(): Promise<number> {
  const command = parseAgentCommand(process.argv.slice(2), process.env, process.platform);
  switch (command.kind) {
    case 'help':
      process.stdout.write(HELP_TEXT);
      return 0;
    case 'version':
      process.stdout.write(`${agentVersion()}\n`);
      return 0;
    case 'supervise':
      if (!isSea()) {
        throw new UsageError('supervise runs the agent as its single executable (see "Install the agent" in the README); from a checkout run the service directly');
      }
      return runSupervisor({
        executable: process.execPath,
        args: command.serviceArgs,
        markerPath: dataDirLayout(command.settings.dataDir).pendingUpdate,
        confirmTimeoutMs: command.confirmTimeoutSeconds * 1000,
        log: consoleEventLog,
      });
    case 'available':
      await listAvailable(command.settings, consoleEventLog);
      return 0;
    case 'run':
      return (await runRequested(command.settings, consoleEventLog, command.advertisementId)) ? 0 : EXIT_FAILURE;
    case 'service':
      if (command.settings.once) {
        const result = await cycleOnce(command.settings, consoleEventLog, true, null);
        if (!result.policyAvailable) {
          throw new HardError('no policy: the advertisement service cannot be reached and none is stored');
        }
        return 0;
      }
      return (await runServiceLoop(command.settings, consoleEventLog)) === 'restart' ? EXIT_RESTART : 0;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    if (code === EXIT_RESTART) {
      // The supervisor starts the new executable once this one is gone: an idle socket must not hold it.
      setTimeout(() => process.exit(code), 5_000).unref();
    }
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      consoleEventLog.error(`${error.message} (see sdp-agent --help)`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    consoleEventLog.error(error instanceof HardError ? error.message : `${(error as Error).message ?? String(error)}`);
    process.exitCode = EXIT_FAILURE;
  },
);
