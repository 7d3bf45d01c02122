import { ClientData } from '../api/types';
import { formatBytes } from '../components/format';

export interface InventoryRow {
  label: string;
  value: string;
}

/** One entry of `inventory.software`, as the agent reports it. */
export interface SoftwareEntry {
  name: string;
  version: string | null;
  publisher: string | null;
  source: string | null;
}

export interface CustomField {
  key: string;
  value: string;
  /** Nested JSON, pretty-printed over several lines. */
  structured: boolean;
}

/** A client's inventory in readable sections; what the agent's own keys do not cover is a custom field. */
export interface InventorySections {
  hardware: InventoryRow[];
  os: InventoryRow[];
  network: InventoryRow[];
  /** Null when the client reported no software list. */
  software: SoftwareEntry[] | null;
  custom: CustomField[];
}

type Reader = (value: unknown) => InventoryRow[] | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBytes = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The agent's keys, section by section; a key whose value is not of the agent's shape stays a custom field. */
const HARDWARE: Record<string, Reader> = {
  cpus: (value) => {
    if (!isRecord(value) || typeof value.count !== 'number') return undefined;
    const model = text(value.model);
    return [{ label: 'CPU', value: model ? `${value.count} × ${model}` : `${value.count}` }];
  },
  memoryBytes: (value) => (isBytes(value) ? [{ label: 'Memory', value: formatBytes(value) }] : undefined),
  disks: (value) => {
    if (!Array.isArray(value)) return undefined;
    const disks = value.filter((disk): disk is { path: string; totalBytes: number; freeBytes: number } => isRecord(disk) && typeof disk.path === 'string' && isBytes(disk.totalBytes) && isBytes(disk.freeBytes));
    if (disks.length !== value.length) return undefined;
    return disks.map((disk) => ({ label: `Disk ${disk.path}`, value: `${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)}` }));
  },
};

const OS: Record<string, Reader> = {
  osRelease: (value) => (text(value) ? [{ label: 'Release', value: value as string }] : undefined),
  osDescription: (value) => (text(value) ? [{ label: 'Description', value: value as string }] : undefined),
  agentVersion: (value) => (text(value) ? [{ label: 'Agent version', value: value as string }] : undefined),
  loggedOnUsers: (value) => {
    if (value === null) return [{ label: 'Logged-on users', value: 'unknown' }];
    if (!Array.isArray(value) || !value.every((user) => typeof user === 'string')) return undefined;
    return [{ label: 'Logged-on users', value: value.length > 0 ? value.join(', ') : 'nobody' }];
  },
};

function softwareOf(value: unknown): SoftwareEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries: SoftwareEntry[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.name !== 'string') return undefined;
    const optional = (field: unknown) => (typeof field === 'string' ? field : null);
    entries.push({ name: item.name, version: optional(item.version), publisher: optional(item.publisher), source: optional(item.source) });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || (a.version ?? '').localeCompare(b.version ?? ''));
}

function customField(key: string, value: unknown): CustomField {
  if (typeof value === 'string') return { key, value, structured: false };
  if (value === null || typeof value !== 'object') return { key, value: String(value), structured: false };
  return { key, value: JSON.stringify(value, null, 2), structured: true };
}

export function inventorySections(client: Pick<ClientData, 'os' | 'domain' | 'ipAddresses' | 'inventory'>): InventorySections {
  const hardware: InventoryRow[] = [];
  const os: InventoryRow[] = [{ label: 'Operating system', value: `${client.os.name} ${client.os.version} ${client.os.arch}` }];
  const network: InventoryRow[] = [
    { label: 'Domain', value: client.domain ?? '—' },
    { label: 'IP addresses', value: client.ipAddresses.length > 0 ? client.ipAddresses.join(', ') : '—' },
  ];
  let software: SoftwareEntry[] | null = null;
  const custom: CustomField[] = [];
  const inventory = client.inventory ?? {};
  // The agent's keys in a fixed order, whatever order the document has them in.
  for (const [readers, rows] of [
    [HARDWARE, hardware],
    [OS, os],
  ] as const) {
    for (const [key, read] of Object.entries(readers)) {
      if (key in inventory) rows.push(...(read(inventory[key]) ?? []));
    }
  }
  for (const key of Object.keys(inventory).sort()) {
    const value = inventory[key];
    if (key === 'software') {
      const entries = softwareOf(value);
      if (entries) {
        software = entries;
        continue;
      }
    }
    const reader = HARDWARE[key] ?? OS[key];
    if (reader && reader(value)) continue;
    custom.push(customField(key, value));
  }
  return { hardware, os, network, software, custom };
}

/** The software whose name, version or publisher contains the filter text, without regard to case. */
export function filterSoftware(entries: SoftwareEntry[], filter: string): SoftwareEntry[] {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return entries;
  return entries.filter((entry) => [entry.name, entry.version, entry.publisher].some((field) => field?.toLowerCase().includes(wanted)));
}
