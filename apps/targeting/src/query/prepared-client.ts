import { QueryableClient } from './queryable-client';

/**
 * A client as the evaluator reads it, prepared once however many rules test it: every text that
 * comparisons treat case-insensitively is lowercased here (name, domain, site code, OS name and
 * architecture, IP addresses, every string in the inventory), and lastSeenAt is milliseconds.
 * os.version stays as reported: it compares as a dotted version, not as text.
 */
export interface PreparedClient {
  readonly name: string;
  readonly domain: string | null;
  readonly siteCode: string;
  readonly osName: string;
  readonly osVersion: string;
  readonly osArch: string;
  readonly ipAddresses: readonly string[];
  readonly lastSeenAt: number;
  readonly inventory: Readonly<Record<string, unknown>>;
}

export function prepareClient(client: QueryableClient): PreparedClient {
  return {
    name: client.name.toLowerCase(),
    domain: client.domain === null ? null : client.domain.toLowerCase(),
    siteCode: client.siteCode.toLowerCase(),
    osName: client.os.name.toLowerCase(),
    osVersion: client.os.version,
    osArch: client.os.arch.toLowerCase(),
    ipAddresses: client.ipAddresses.map((address) => address.toLowerCase()),
    lastSeenAt: typeof client.lastSeenAt === 'string' ? Date.parse(client.lastSeenAt) : client.lastSeenAt.getTime(),
    inventory: lowercaseStrings(client.inventory) as Record<string, unknown>,
  };
}

/** A copy with every string lowercased; keys stay as they are (they match case-insensitively by lookup). */
function lowercaseStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.toLowerCase();
  }
  if (Array.isArray(value)) {
    return value.map(lowercaseStrings);
  }
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties, so a key named __proto__ stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, lowercaseStrings(child)]));
  }
  return value;
}
