import type { ClientData } from '@sdp/contracts';
import { Column, renderFields } from '../output/table';

export const CLIENT_COLUMNS: Column<ClientData>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name },
  { header: 'OS', value: (row) => `${row.os.name} ${row.os.version} ${row.os.arch}` },
  { header: 'SITE', value: (row) => row.siteCode },
  { header: 'ADDRESSES', value: (row) => row.ipAddresses.join(', ') },
  { header: 'APPROVED', value: (row) => (row.conflictsWith ? 'conflict' : row.approved ? 'yes' : 'no') },
  { header: 'BLOCKED', value: (row) => (row.blocked ? 'yes' : 'no') },
  { header: 'LAST SEEN', value: (row) => row.lastSeenAt },
];

export function clientDetails(client: ClientData): string {
  return renderFields([
    ['ID', client.id],
    ['Name', client.name],
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
    ['Inventory', JSON.stringify(client.inventory)],
  ]);
}
