/** How the platform's shell runs a command line, as an administrator would type it there. */
export function shellInvocation(platform: NodeJS.Platform, commandLine: string, env: Record<string, string | undefined>): { file: string; args: string[]; verbatim: boolean } {
  if (platform === 'win32') {
    // cmd.exe parses its own command line: Node must not quote it again.
    return { file: env.ComSpec ?? env.COMSPEC ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${commandLine}"`], verbatim: true };
  }
  return { file: '/bin/sh', args: ['-c', commandLine], verbatim: false };
}
