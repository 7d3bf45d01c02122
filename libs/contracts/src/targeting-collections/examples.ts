import { CollectionData, CollectionDeletedData } from './collection.schema';

export const collectionExample: CollectionData = {
  id: 'S0100003',
  name: 'Finance workstations',
  comment: 'Windows 10 and later in Finance',
  builtIn: false,
  limitingCollectionId: 'SMS00002',
  parentCollectionId: null,
  rules: [
    {
      type: 'query',
      name: 'Finance',
      expression: "os.version >= '10.0.19041' AND inventory.department = 'Finance'",
    },
    { type: 'direct', clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f' },
    { type: 'exclude', collectionId: 'S0100004' },
  ],
  refresh: { incremental: true, fullEveryMinutes: 1440 },
  maintenanceWindows: [
    {
      id: 'w1',
      name: 'Weeknights',
      start: '2026-03-02T22:00:00+01:00',
      durationMinutes: 240,
      recurrence: { type: 'weekly', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] },
    },
    {
      id: 'w2',
      name: 'Patch day',
      start: '2026-03-10T02:00:00+01:00',
      durationMinutes: 180,
      recurrence: { type: 'monthly', day: 10 },
    },
  ],
  createdAt: '2026-03-01T08:20:00Z',
  updatedAt: '2026-03-01T08:20:00Z',
};

export const collectionDeletedExample: CollectionDeletedData = { id: 'S0100003' };
