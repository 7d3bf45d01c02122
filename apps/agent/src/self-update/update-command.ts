/**
 * An agent update is a package like any other; its program's command line names the new
 * executable inside the package instead of a command for the shell:
 *
 *     @sdp-agent-update sdp-agent-linux-x64
 *
 * The `@` cannot start a command a shell runs, so no ordinary program is mistaken for an update.
 */
export const UPDATE_COMMAND = '@sdp-agent-update';

/** The executable's path relative to the package folder, or null when the command line is an ordinary one. */
export function parseUpdateCommand(commandLine: string): { executable: string } | null {
  const trimmed = commandLine.trim();
  if (trimmed !== UPDATE_COMMAND && !trimmed.startsWith(`${UPDATE_COMMAND} `)) {
    return null;
  }
  const executable = trimmed.slice(UPDATE_COMMAND.length).trim();
  return { executable };
}
