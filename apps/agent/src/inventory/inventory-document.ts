import type { LoggedOnUsers } from '../decisions/run-when';
import { MAX_SOFTWARE_ENTRIES, MAX_SOFTWARE_TEXT, SOFTWARE_SOURCES } from './installed-software';

/** What the agent tells targeting about its computer, at registration and on every change. */
export interface InventoryDocument {
  name: string;
  hardwareId: string;
  domain: string | null;
  os: { name: string; version: string; arch: string };
  ipAddresses: string[];
  inventory: Record<string, unknown>;
}

/** The `--inventory-file` contents: any field overrides the machine's, `inventory.*` key by key. */
export interface InventoryOverride {
  name?: string;
  hardwareId?: string;
  domain?: string | null;
  os?: Partial<InventoryDocument['os']>;
  ipAddresses?: string[];
  /** Replaces asking the system who is logged on, for the inventory and for runWhen. */
  loggedOnUsers?: string[];
  inventory?: Record<string, unknown>;
}

const OVERRIDE_KEYS = new Set(['name', 'hardwareId', 'domain', 'os', 'ipAddresses', 'loggedOnUsers', 'inventory']);

/**
 * The machine's document with the override applied; the override file is checked for shape first.
 * A file that poses as another OS gets no installed software from the machine (the software of
 * the system it poses as is not known) unless it gives `inventory.software` itself.
 */
export function mergeInventory(machine: InventoryDocument, override: InventoryOverride): InventoryDocument {
  const posing = override.os?.name !== undefined && override.os.name !== machine.os.name;
  const machineInventory = posing && machine.inventory.software !== undefined ? { ...machine.inventory, software: [] } : machine.inventory;
  return {
    name: override.name ?? machine.name,
    hardwareId: override.hardwareId ?? machine.hardwareId,
    domain: override.domain === undefined ? machine.domain : override.domain,
    os: { ...machine.os, ...override.os },
    ipAddresses: override.ipAddresses ?? machine.ipAddresses,
    inventory: { ...machineInventory, ...override.inventory },
  };
}

/** The document with `inventory.loggedOnUsers` set, for collection queries; null when the system could not say. */
export function withLoggedOnUsers(document: InventoryDocument, loggedOnUsers: LoggedOnUsers): InventoryDocument {
  return { ...document, inventory: { ...document.inventory, loggedOnUsers: loggedOnUsers === 'unknown' ? null : [...loggedOnUsers] } };
}

/** Throws a message naming the field when the override file is not of the expected shape. */
export function parseInventoryOverride(value: unknown, source: string): InventoryOverride {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  if (!isRecord(value)) {
    return fail('must hold a JSON object');
  }
  for (const key of Object.keys(value)) {
    if (!OVERRIDE_KEYS.has(key)) fail(`unknown field "${key}" (expected ${[...OVERRIDE_KEYS].join(', ')})`);
  }
  for (const key of ['name', 'hardwareId'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`${key} must be a string`);
  }
  if (value.domain !== undefined && value.domain !== null && typeof value.domain !== 'string') fail('domain must be a string or null');
  if (value.os !== undefined) {
    if (!isRecord(value.os)) fail('os must be an object');
    for (const [key, field] of Object.entries(value.os as Record<string, unknown>)) {
      if (!['name', 'version', 'arch'].includes(key) || typeof field !== 'string') fail(`os.${key} is not a string field of os`);
    }
  }
  for (const key of ['ipAddresses', 'loggedOnUsers'] as const) {
    if (value[key] !== undefined && !isStringArray(value[key])) fail(`${key} must be an array of strings`);
  }
  if (value.inventory !== undefined) {
    if (!isRecord(value.inventory)) fail('inventory must be an object');
    if ((value.inventory as Record<string, unknown>).loggedOnUsers !== undefined) fail('give loggedOnUsers at the top level, not in inventory');
    const software = (value.inventory as Record<string, unknown>).software;
    if (software !== undefined) {
      const problem = softwareListProblem(software);
      if (problem) fail(`inventory.software${problem}`);
    }
  }
  return value as InventoryOverride;
}

/** What is wrong with an `inventory.software` the file gives (it must be what the agent itself would send), or undefined. */
function softwareListProblem(software: unknown): string | undefined {
  if (!Array.isArray(software)) return ' must be an array';
  if (software.length > MAX_SOFTWARE_ENTRIES) return ` holds more than ${MAX_SOFTWARE_ENTRIES} entries`;
  const text = (value: unknown, nullable: boolean) => (nullable && value === null) || (typeof value === 'string' && value !== '' && value.length <= MAX_SOFTWARE_TEXT);
  for (const [index, entry] of software.entries()) {
    if (!isRecord(entry)) return `[${index}] must be an object`;
    const unknownKey = Object.keys(entry).find((key) => !['name', 'version', 'publisher', 'source'].includes(key));
    if (unknownKey !== undefined) return `[${index}] has an unknown field "${unknownKey}"`;
    if (!text(entry.name, false)) return `[${index}].name must be a string of 1 to ${MAX_SOFTWARE_TEXT} characters`;
    for (const key of ['version', 'publisher'] as const) {
      if (!text(entry[key], true)) return `[${index}].${key} must be null or a string of 1 to ${MAX_SOFTWARE_TEXT} characters`;
    }
    if (!(SOFTWARE_SOURCES as readonly unknown[]).includes(entry.source)) return `[${index}].source must be one of ${SOFTWARE_SOURCES.join(', ')}`;
  }
  return undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
