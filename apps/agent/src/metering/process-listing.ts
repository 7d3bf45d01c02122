import { listLinuxProcesses } from './linux-processes';
import { listMacosProcesses } from './macos-processes';
import type { ObservedProcess } from './process-matcher';
import { listWindowsProcesses } from './windows-processes';

/**
 * How the agent lists the running processes on the system it really runs on (never the one an
 * inventory file poses as): /proc on Linux, `ps` on macOS, PowerShell on Windows; undefined on
 * any other system.
 */
export function processListerFor(platform: NodeJS.Platform): (() => Promise<ObservedProcess[]>) | undefined {
  switch (platform) {
    case 'linux':
      return listLinuxProcesses;
    case 'darwin':
      return () => listMacosProcesses();
    case 'win32':
      return () => listWindowsProcesses();
    default:
      return undefined;
  }
}
