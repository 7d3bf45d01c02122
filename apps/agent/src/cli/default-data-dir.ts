import { posix, win32 } from 'node:path';

/** Where the agent keeps its state when --data-dir is not given, as each OS expects a service's data. */
export function defaultDataDir(platform: NodeJS.Platform, env: Record<string, string | undefined>): string {
  switch (platform) {
    case 'win32':
      return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'sdp-agent');
    case 'darwin':
      return posix.join('/Library/Application Support', 'sdp-agent');
    default:
      return '/var/lib/sdp-agent';
  }
}
