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
  inventory?: Record<string, unknown>;
}

const OVERRIDE_KEYS = new Set(['name', 'hardwareId', 'domain', 'os', 'ipAddresses', 'inventory']);

/** The machine's document with the override applied; the override file is checked for shape first. */
export function mergeInventory(machine: InventoryDocument, override: InventoryOverride): InventoryDocument {
  return {
    name: override.name ?? machine.name,
    hardwareId: override.hardwareId ?? machine.hardwareId,
    domain: override.domain === undefined ? machine.domain : override.domain,
    os: { ...machine.os, ...override.os },
    ipAddresses: override.ipAddresses ?? machine.ipAddresses,
    inventory: { ...machine.inventory, ...override.inventory },
  };
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
  if (value.ipAddresses !== undefined && !(Array.isArray(value.ipAddresses) && value.ipAddresses.every((ip) => typeof ip === 'string'))) {
    fail('ipAddresses must be an array of strings');
  }
  if (value.inventory !== undefined && !isRecord(value.inventory)) fail('inventory must be an object');
  return value as InventoryOverride;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
