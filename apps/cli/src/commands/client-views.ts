import type { ClientAdvertisementEntry, ClientData } from '@sdp/contracts';
import { messageText, outputText } from './advertisement-status-view';
import { formatBytes } from '../output/format';
import { Column, renderFields, renderTable } from '../output/table';

export const CLIENT_COLUMNS: Column<ClientData>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'ID', value: (row) => row.id },
  { header: 'OS', value: (row) => `${row.os.name} ${row.os.version} ${row.os.arch}` },
  { header: 'SITE', value: (row) => row.siteCode },
  { header: 'ADDRESSES', value: (row) => row.ipAddresses.join(', ') },
  { header: 'APPROVED', value: (row) => (row.conflictsWith ? 'conflict' : row.approved ? 'yes' : 'no') },
  { header: 'BLOCKED', value: (row) => (row.blocked ? 'yes' : 'no') },
  { header: 'LAST SEEN', value: (row) => row.lastSeenAt },
];

/** The client's own fields, its name first. */
export function clientProperties(client: ClientData): string {
  return renderFields([
    ['Name', client.name],
    ['ID', client.id],
    ['Hardware ID', client.hardwareId],
    ['Domain', client.domain],
    ['OS', `${client.os.name} ${client.os.version} ${client.os.arch}`],
    ['Site', client.siteCode],
    ['Addresses', client.ipAddresses.join(', ')],
    ['Approved', client.approved ? 'yes' : 'no'],
    ['Conflicts with', client.conflictsWith ? `${client.conflictsWith} (same hardware ID, another key: sdp client resolve ${client.id} merge|keep|refuse)` : null],
    ['Key generation', client.keyGeneration ?? 0],
    ['Blocked', client.blocked ? 'yes' : 'no'],
    ['Registered', client.registeredAt],
    ['Last seen', client.lastSeenAt],
  ]);
}

/** The answer of a command that changed a client: its fields and its inventory. */
export function clientDetails(client: ClientData): string {
  return `${clientProperties(client)}\n\n${inventoryView(client)}`;
}

/** One installed program as the agent reports it in `inventory.software`. */
export interface InstalledSoftware {
  name: string;
  version: string | null;
  publisher: string | null;
  source: string;
}

/** The collections a client is in (targeting's GET /clients/{id}/collections). */
export interface ClientCollection {
  collectionId: string;
  collectionName: string;
  rules: { kind: string; description: string }[];
}

/**
 * Everything `sdp client show` knows of a computer. `advertisements` is null when the
 * advertisement service cannot say, and `advertisementsUnavailable` says why.
 */
export interface ClientDocument {
  client: ClientData;
  collections: ClientCollection[];
  advertisements: ClientAdvertisementEntry[] | null;
  advertisementsUnavailable: string | null;
}

type Fields = [string, string | number | boolean | null | undefined][];

const HARDWARE_KEYS = ['manufacturer', 'model', 'serialNumber', 'cpus', 'memoryBytes', 'disks'];
const SYSTEM_KEYS = ['osDescription', 'osRelease', 'agentVersion', 'loggedOnUsers'];
const NETWORK_KEYS = ['macAddresses', 'network'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value of the inventory on one line: objects as `key: value` pairs, lists joined. */
function plain(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(plain).join(', ');
  if (isRecord(value)) return Object.entries(value).map(([key, inner]) => `${key}: ${plain(inner)}`).join(', ');
  return String(value);
}

function hardwareFields(inventory: Record<string, unknown>): Fields {
  const fields: Fields = [];
  for (const key of ['manufacturer', 'model', 'serialNumber']) {
    if (inventory[key] !== undefined) fields.push([key === 'serialNumber' ? 'Serial number' : key[0].toUpperCase() + key.slice(1), plain(inventory[key])]);
  }
  const cpus = inventory.cpus;
  if (isRecord(cpus)) fields.push(['CPUs', `${plain(cpus.count)}${cpus.model ? ` × ${plain(cpus.model)}` : ''}`]);
  else if (cpus !== undefined) fields.push(['CPUs', plain(cpus)]);
  if (typeof inventory.memoryBytes === 'number') fields.push(['Memory', formatBytes(inventory.memoryBytes)]);
  else if (inventory.memoryBytes !== undefined) fields.push(['Memory', plain(inventory.memoryBytes)]);
  if (Array.isArray(inventory.disks)) {
    for (const disk of inventory.disks) {
      if (isRecord(disk) && typeof disk.totalBytes === 'number' && typeof disk.freeBytes === 'number') {
        fields.push([`Disk ${plain(disk.path)}`, `${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)}`]);
      } else {
        fields.push(['Disk', plain(disk)]);
      }
    }
  } else if (inventory.disks !== undefined) {
    fields.push(['Disks', plain(inventory.disks)]);
  }
  return fields;
}

function systemFields(client: ClientData): Fields {
  const { inventory } = client;
  return [
    ['OS', `${client.os.name} ${client.os.version} ${client.os.arch}`],
    ...(inventory.osDescription === undefined ? [] : [['Description', plain(inventory.osDescription)] as Fields[number]]),
    ...(inventory.osRelease === undefined ? [] : [['Release', plain(inventory.osRelease)] as Fields[number]]),
    ...(inventory.agentVersion === undefined ? [] : [['Agent version', plain(inventory.agentVersion)] as Fields[number]]),
    ...(inventory.loggedOnUsers === undefined ? [] : [['Logged-on users', inventory.loggedOnUsers === null ? 'unknown' : plain(inventory.loggedOnUsers)] as Fields[number]]),
  ];
}

function networkFields(client: ClientData): Fields {
  const fields: Fields = [
    ['Domain', client.domain],
    ['Addresses', client.ipAddresses.join(', ')],
  ];
  for (const key of NETWORK_KEYS) {
    if (client.inventory[key] !== undefined) fields.push([key === 'macAddresses' ? 'MAC addresses' : 'Network', plain(client.inventory[key])]);
  }
  return fields;
}

/** `inventory.software` when the agent reports it: a list of programs, or null when absent or not of that shape. */
export function installedSoftware(inventory: Record<string, unknown>): InstalledSoftware[] | null {
  const software = inventory.software;
  if (!Array.isArray(software) || !software.every((item) => isRecord(item) && typeof item.name === 'string')) return null;
  return software as InstalledSoftware[];
}

/** The remaining inventory, flattened to dotted keys (`hardware.bios.version`), in key order. */
export function customFields(inventory: Record<string, unknown>, handled: ReadonlySet<string>): Fields {
  const fields: Fields = [];
  const walk = (prefix: string, value: unknown) => {
    if (isRecord(value) && Object.keys(value).length > 0) {
      for (const key of Object.keys(value).sort()) walk(`${prefix}.${key}`, value[key]);
    } else {
      fields.push([prefix, plain(value)]);
    }
  };
  for (const key of Object.keys(inventory).sort()) {
    if (!handled.has(key)) walk(key, inventory[key]);
  }
  return fields;
}

const SOFTWARE_COLUMNS: Column<InstalledSoftware>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'VERSION', value: (row) => row.version },
  { header: 'PUBLISHER', value: (row) => row.publisher },
  { header: 'SOURCE', value: (row) => row.source },
];

function section(title: string, body: string): string {
  return `${title}\n${body
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n')}`;
}

/** The inventory as readable sections: hardware, operating system, network, installed software, other fields. */
export function inventoryView(client: ClientData): string {
  const inventory = client.inventory;
  const software = installedSoftware(inventory);
  const handled = new Set([...HARDWARE_KEYS, ...SYSTEM_KEYS, ...NETWORK_KEYS, ...(software ? ['software'] : [])]);
  const hardware = hardwareFields(inventory);
  const custom = customFields(inventory, handled);
  return [
    section('Hardware', hardware.length === 0 ? 'not reported' : renderFields(hardware)),
    section('Operating system', renderFields(systemFields(client))),
    section('Network', renderFields(networkFields(client))),
    section(
      software ? `Installed software (${software.length})` : 'Installed software',
      software === null ? 'not reported' : software.length === 0 ? 'none' : renderTable(SOFTWARE_COLUMNS, software),
    ),
    section('Other inventory', custom.length === 0 ? 'none' : renderFields(custom)),
  ].join('\n\n');
}

function collectionsView(collections: ClientCollection[]): string {
  if (collections.length === 0) return section('Collections', 'none');
  const rows = collections.flatMap((collection) =>
    (collection.rules.length === 0 ? [{ kind: '-', description: 'no rule matches now (an evaluation is pending)' }] : collection.rules).map((rule, index) => ({
      collection: index === 0 ? collection : null,
      rule,
    })),
  );
  return section(
    'Collections',
    renderTable(
      [
        { header: 'NAME', value: (row: (typeof rows)[number]) => row.collection?.collectionName ?? '' },
        { header: 'ID', value: (row) => row.collection?.collectionId ?? '' },
        { header: 'BY', value: (row) => row.rule.kind },
        { header: 'RULE', value: (row) => row.rule.description },
      ],
      rows,
    ),
  );
}

/** At most this many lines of each output stream under a failure. */
const OUTPUT_TAIL_LINES = 10;

function failureView(advertisement: ClientAdvertisementEntry, clientId: string): string {
  const failure = advertisement.lastFailure!;
  const head = renderFields([
    ['At', failure.at],
    ['State', failure.state],
    ['Message', messageText(failure)],
    ['Exit code', failure.exitCode],
    ['Detail', failure.detail],
    ['Package version', failure.packageVersion],
  ]);
  const output = failure.output ? `\nOutput (last ${OUTPUT_TAIL_LINES} lines of each stream):\n${outputText(failure.output, OUTPUT_TAIL_LINES)}` : '';
  const history = `\nEvery report: sdp advertisement history ${advertisement.advertisementId} --client ${clientId}`;
  return section(`${advertisement.advertisementName} (${advertisement.advertisementId}): last failure`, head + output + history);
}

function advertisementsView(advertisements: ClientAdvertisementEntry[] | null, unavailable: string | null, clientId: string): string {
  if (advertisements === null) return section('Advertisements', unavailable ?? 'unknown');
  if (advertisements.length === 0) return section('Advertisements', 'none');
  const table = renderTable(
    [
      { header: 'NAME', value: (row: ClientAdvertisementEntry) => row.advertisementName },
      { header: 'ID', value: (row) => row.advertisementId },
      { header: 'PACKAGE', value: (row) => (row.packageName === null ? row.packageId : `${row.packageName} (${row.packageId})`) },
      { header: 'PROGRAM', value: (row) => row.programName },
      { header: 'APPLIES', value: (row) => (row.applies ? 'yes' : `no: ${row.reason ?? 'not targeted'}`) },
      { header: 'STATE', value: (row) => row.state },
      { header: 'MESSAGE', value: (row) => messageText(row) },
      { header: 'VERSION', value: (row) => row.packageVersion, align: 'right' },
      { header: 'LAST REPORT', value: (row) => row.lastReportAt },
    ],
    advertisements,
  );
  const failures = advertisements.filter((advertisement) => advertisement.lastFailure !== null).map((advertisement) => failureView(advertisement, clientId));
  return [section('Advertisements', table), ...failures].join('\n\n');
}

/** `sdp client show`: properties, inventory in sections, collections with their rules, advertisements with state and last failure. */
export function clientDocumentView(document: ClientDocument): string {
  return [
    clientProperties(document.client),
    inventoryView(document.client),
    collectionsView(document.collections),
    advertisementsView(document.advertisements, document.advertisementsUnavailable, document.client.id),
  ].join('\n\n');
}
