import { ClientData, ClientDeletedData } from './client.schema';

export const clientExample: ClientData = {
  id: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f',
  name: 'ws-berlin-042',
  hardwareId: '4C4C4544-0042-3510-8052-B4C04F564433',
  domain: 'corp.example.com',
  os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
  siteCode: 'S01',
  ipAddresses: ['10.1.4.42', 'fe80::1c2d:3e4f:5a6b:7c8d'],
  inventory: { memoryMb: 16384, department: 'Finance', disks: [{ mount: 'C:', freeMb: 120000 }] },
  approved: true,
  blocked: false,
  keyGeneration: 0,
  conflictsWith: null,
  registeredAt: '2026-03-01T07:00:00Z',
  lastSeenAt: '2026-03-02T06:55:00Z',
  updatedAt: '2026-03-02T06:55:00Z',
};

export const clientDeletedExample: ClientDeletedData = { id: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f' };
