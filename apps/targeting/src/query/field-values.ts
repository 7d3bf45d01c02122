import { FieldRef } from './ast';
import { PreparedClient } from './prepared-client';

/**
 * Every field resolves to a list of values, so single-valued fields, multi-valued ones
 * (ipAddress, inventory arrays) and paths through arrays of objects (inventory.disks.freeMb) all
 * follow the same "any value matches" rule. Missing values and JSON nulls are left out: an empty
 * list is what IS NULL tests for.
 */
export function fieldValues(field: FieldRef, client: PreparedClient): readonly unknown[] {
  if (field.kind === 'inventory') {
    return inventoryValues(client.inventory, field.path);
  }
  switch (field.name) {
    case 'name':
      return [client.name];
    case 'domain':
      return client.domain === null ? [] : [client.domain];
    case 'siteCode':
      return [client.siteCode];
    case 'os.name':
      return [client.osName];
    case 'os.version':
      return [client.osVersion];
    case 'os.arch':
      return [client.osArch];
    case 'ipAddress':
      return client.ipAddresses;
    case 'lastSeenAt':
      return [client.lastSeenAt];
  }
}

function inventoryValues(inventory: Readonly<Record<string, unknown>>, path: readonly string[]): unknown[] {
  let current: unknown[] = [inventory];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of current) {
      collectChild(value, key, next);
    }
    current = next;
  }
  const leaves: unknown[] = [];
  for (const value of current) {
    flattenInto(value, leaves);
  }
  return leaves;
}

function collectChild(value: unknown, key: string, into: unknown[]): void {
  if (Array.isArray(value)) {
    for (const element of value) {
      collectChild(element, key, into);
    }
  } else if (isObject(value)) {
    const child = ownValue(value, key);
    if (child !== undefined && child !== null) {
      into.push(child);
    }
  }
}

/** Inventory keys match case-insensitively, like every string in the language. */
function ownValue(object: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, key)) {
    return object[key];
  }
  const lower = key.toLowerCase();
  const match = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : object[match];
}

function flattenInto(value: unknown, into: unknown[]): void {
  if (Array.isArray(value)) {
    for (const element of value) {
      flattenInto(element, into);
    }
  } else if (value !== null && value !== undefined) {
    into.push(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
