import { agentVersion } from '../self-update/agent-version';
import { execFileSync } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { EventLog } from '../agent/event-log';
import { collectInstalledSoftware } from './installed-software';
import { InventoryDocument } from './inventory-document';
import { cpuArchOf, dottedVersionOf, osNameOf } from './os-identity';

/** Warnings about the installed software already logged: each once per process, not at every cycle. */
const softwareWarningsLogged = new Set<string>();

/**
 * The computer's own facts: host name, OS, arch, IPv4 addresses, memory, disks, installed software
 * (of the system the agent really runs on; a warning is logged when it cannot be read in full).
 */
export async function collectMachineInventory(hardwareId: string, dataDir: string, log?: Pick<EventLog, 'error'>): Promise<InventoryDocument> {
  const osName = osNameOf(process.platform);
  const arch = cpuArchOf(process.arch);
  if (!osName || !arch) {
    throw new Error(`unsupported system ${process.platform}/${process.arch}: give os in --inventory-file`);
  }
  return {
    name: os.hostname(),
    hardwareId,
    domain: null,
    os: { name: osName, version: dottedVersionOf(osName === 'macos' ? macosProductVersion() : os.release()), arch },
    ipAddresses: ipv4Addresses(),
    inventory: {
      agentVersion: agentVersion(),
      memoryBytes: os.totalmem(),
      cpus: { count: os.cpus().length, model: os.cpus()[0]?.model ?? null },
      osRelease: os.release(),
      osDescription: os.version(),
      disks: await disks(diskPaths(osName, dataDir)),
      software: await collectInstalledSoftware({
        warn: (message) => {
          if (!softwareWarningsLogged.has(message)) {
            softwareWarningsLogged.add(message);
            log?.error(`inventory: ${message}`);
          }
        },
      }),
    },
  };
}

/** os.release() on macOS is the Darwin kernel (23.x); administrators target the product version (14.x). */
function macosProductVersion(): string {
  try {
    return execFileSync('sw_vers', ['-productVersion'], { encoding: 'utf8', timeout: 5_000 }).trim();
  } catch {
    return os.release();
  }
}

function ipv4Addresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}

function diskPaths(osName: string, dataDir: string): string[] {
  const system = osName === 'windows' ? `${process.env.SystemDrive ?? 'C:'}\\` : '/';
  return [...new Set([system, dataDir])];
}

async function disks(paths: string[]): Promise<{ path: string; totalBytes: number; freeBytes: number }[]> {
  const found: { path: string; totalBytes: number; freeBytes: number }[] = [];
  for (const path of paths) {
    try {
      const stats = await statfs(path);
      found.push({ path, totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize });
    } catch {
      // A path the system cannot measure (not mounted yet, no permission) is left out of the inventory.
    }
  }
  return found;
}
