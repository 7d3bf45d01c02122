import { createDraft07Validator } from './ajv.spec-helper';
import { CloudEvent } from './envelope';
import { allEventTypes, eventRegistry, EventTypeName, EventTypes } from './event-types';
import { exampleEventOf } from './example-events';
import { eventJsonSchema } from './json-schema';
import { EventValidationError } from './registry';
import { TOPICS } from './topics';

const ajv = createDraft07Validator();

function exampleEvent(type: EventTypeName): CloudEvent<Record<string, unknown>> {
  const definition = eventRegistry.get(type);
  const event = definition && exampleEventOf(definition, 1);
  if (!event) {
    throw new Error(`no example for ${type}`);
  }
  return { ...event, data: event.data as Record<string, unknown> };
}

/** The example event of a type with some data changed, its subject following the data. */
function withData(type: EventTypeName, changes: Record<string, unknown>): Record<string, unknown> {
  const event = exampleEvent(type);
  const data = { ...event.data, ...changes };
  const subject = eventRegistry.get(type)?.subjectOf?.(data);
  return { ...event, subject: typeof subject === 'string' && subject !== '' ? subject : event.subject, data };
}

function rejectionOf(event: unknown): string {
  try {
    eventRegistry.validate(event);
  } catch (error) {
    if (error instanceof EventValidationError) {
      return error.reason;
    }
    throw error;
  }
  return 'accepted';
}

function jsonSchemaAccepts(type: EventTypeName, event: unknown): boolean {
  const definition = eventRegistry.get(type);
  if (!definition) {
    throw new Error(`unknown ${type}`);
  }
  return ajv.validate(eventJsonSchema(definition), event) as boolean;
}

/** Every property name at any depth of a JSON Schema. */
function propertyNames(schema: unknown, names: string[] = []): string[] {
  if (Array.isArray(schema)) {
    schema.forEach((item) => propertyNames(item, names));
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        names.push(...Object.keys(value));
      }
      propertyNames(value, names);
    }
  }
  return names;
}

const CREDENTIAL_NAME = /secret|password|credential|token|access.?key/i;

describe('credentials never appear on events', () => {
  const distributionPointTypes = allEventTypes.filter(
    (definition) => definition.topic === TOPICS.replicationDistributionPoints,
  );

  it('distribution point event schemas have no property named like a credential', () => {
    expect(distributionPointTypes.length).toBeGreaterThan(0);
    expect(propertyNames(eventJsonSchema(distributionPointTypes[0]))).toEqual(
      expect.arrayContaining(['bucket', 'endpoint']),
    );
    for (const definition of distributionPointTypes) {
      const names = propertyNames(eventJsonSchema(definition));
      expect(names).toContain('name');
      expect(names.filter((name) => CREDENTIAL_NAME.test(name))).toEqual([]);
    }
  });

  it('no event schema at all has a property named like a credential', () => {
    const offenders = allEventTypes.flatMap((definition) =>
      propertyNames(eventJsonSchema(definition))
        .filter((name) => CREDENTIAL_NAME.test(name))
        .map((name) => `${definition.type}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    [EventTypes.replication.distributionPointRegistered, 'secretKey'],
    [EventTypes.replication.distributionPointUpdated, 'accessKey'],
    [EventTypes.targeting.clientRegistered, 'token'],
  ] as const)('%s carrying %s is rejected by zod and by the JSON Schema', (type, field) => {
    const event = withData(type, { [field]: 'x' });
    expect(rejectionOf(event)).toContain(field);
    expect(jsonSchemaAccepts(type, event)).toBe(false);
  });
});

describe('data constraints', () => {
  const windowExample = { id: 'w', name: 'n', start: '2026-03-02T22:00:00Z', durationMinutes: 60 };

  const cases: [string, EventTypeName, Record<string, unknown>, string][] = [
    ['lower-case package ID', EventTypes.catalog.packageCreated, { id: 's0100001' }, 'id'],
    ['non-hex package ID', EventTypes.catalog.packageCreated, { id: 'S01000G1' }, 'id'],
    ['empty package name', EventTypes.catalog.packageCreated, { name: '' }, 'name'],
    ['256-character description', EventTypes.catalog.packageCreated, { description: 'x'.repeat(256) }, 'description'],
    ['unknown priority', EventTypes.catalog.packageUpdated, { priority: 'urgent' }, 'priority'],
    ['negative size', EventTypes.catalog.packageUpdated, { sizeBytes: -1 }, 'sizeBytes'],
    ['maxRunTimeMinutes over 720', EventTypes.catalog.programCreated, { maxRunTimeMinutes: 721 }, 'maxRunTimeMinutes'],
    ['command line over 8191', EventTypes.catalog.programCreated, { commandLine: 'x'.repeat(8192) }, 'commandLine'],
    ['working directory ..', EventTypes.catalog.programCreated, { workingDirectory: '../x' }, 'workingDirectory'],
    ['working directory a/../b', EventTypes.catalog.programCreated, { workingDirectory: 'a/../b' }, 'workingDirectory'],
    ['absolute working directory', EventTypes.catalog.programCreated, { workingDirectory: '/etc' }, 'workingDirectory'],
    ['drive working directory', EventTypes.catalog.programCreated, { workingDirectory: 'C:\\x' }, 'workingDirectory'],
    ['unknown platform os', EventTypes.catalog.programUpdated, { platforms: [{ os: 'beos', arch: 'x64' }] }, 'platforms'],
    ['empty platform list', EventTypes.catalog.programUpdated, { platforms: [] }, 'platforms'],
    ['unknown platform architecture', EventTypes.catalog.programUpdated, { platforms: [{ os: 'linux', arch: 'sparc' }] }, 'platforms'],
    ['version 0', EventTypes.catalog.sourceVersionPublished, { version: 0 }, 'version'],
    ['upper-case digest', EventTypes.catalog.sourceVersionPublished, { manifestDigest: 'A'.repeat(64) }, 'manifestDigest'],
    ['upper-case DP name', EventTypes.replication.distributionPointRegistered, { name: 'DP-1' }, 'name'],
    ['64-character DP name', EventTypes.replication.distributionPointRegistered, { name: 'a'.repeat(64) }, 'name'],
    ['bad boundary', EventTypes.replication.distributionPointUpdated, { boundaries: ['10.0.0.0/33'] }, 'boundaries'],
    ['ftp endpoint', EventTypes.replication.distributionPointUpdated, { endpoint: 'ftp://dp.example.com' }, 'endpoint'],
    ['unknown state', EventTypes.replication.packageStatusChanged, { state: 'COPYING' }, 'state'],
    ['bad client ID', EventTypes.targeting.clientInventoryChanged, { id: 'client-1' }, 'id'],
    ['bad IP address', EventTypes.targeting.clientInventoryChanged, { ipAddresses: ['10.1.2'] }, 'ipAddresses'],
    ['bad rule type', EventTypes.targeting.collectionCreated, { rules: [{ type: 'sql', query: 'x' }] }, 'rules'],
    [
      'weekly window without days',
      EventTypes.targeting.collectionUpdated,
      {
        maintenanceWindows: [
          { ...windowExample, recurrence: { type: 'weekly', days: [] } },
        ],
      },
      'maintenanceWindows',
    ],
    [
      'monthly window on day 32',
      EventTypes.targeting.collectionUpdated,
      {
        maintenanceWindows: [
          { ...windowExample, recurrence: { type: 'monthly', day: 32 } },
        ],
      },
      'maintenanceWindows',
    ],
    [
      '16 mandatory assignments',
      EventTypes.advertisement.advertisementCreated,
      { mandatory: Array(16).fill({ type: 'asap' }) },
      'mandatory',
    ],
    [
      'recurring without a duration',
      EventTypes.advertisement.advertisementCreated,
      { mandatory: [{ type: 'recurring', at: '2026-03-02T10:00:00Z', every: 'P' }] },
      'mandatory',
    ],
    ['unknown rerun', EventTypes.advertisement.advertisementUpdated, { rerun: 'sometimes' }, 'rerun'],
    ['unknown status state', EventTypes.advertisement.clientStatusReported, { state: 'DONE' }, 'state'],
    ['negative seq', EventTypes.advertisement.clientStatusReported, { seq: -1 }, 'seq'],
    ['missing field', EventTypes.advertisement.clientStatusReported, { at: undefined }, 'at'],
  ];

  it.each(cases)('rejects %s in zod and in the JSON Schema', (_case, type, changes, field) => {
    const event = withData(type, changes);
    expect(rejectionOf(event)).toMatch(new RegExp(`^invalid data of ${type.replace(/\./g, '\\.')}: .*${field}`));
    expect(jsonSchemaAccepts(type, JSON.parse(JSON.stringify(event)))).toBe(false);
  });

  // Rules across fields that JSON Schema cannot say: the registry alone enforces them.
  const crossFieldCases: [string, EventTypeName, Record<string, unknown>, string][] = [
    ['a state code of another state', EventTypes.replication.packageStatusChanged, { stateCode: 3 }, 'stateCode'],
    [
      'a manifest location of another version',
      EventTypes.catalog.sourceVersionPublished,
      { manifestLocation: 'manifests/S0100001/1.json' },
      'manifestLocation',
    ],
    [
      'expiry before availability',
      EventTypes.advertisement.advertisementCreated,
      { expiresAt: '2026-03-01T10:00:00Z' },
      'expiresAt',
    ],
    ['a repeated group member', EventTypes.replication.distributionPointGroupCreated, { members: ['a', 'a'] }, 'members'],
    ['an empty membership delta', EventTypes.targeting.membershipChanged, { added: [], removed: [] }, 'added'],
    [
      'a client both added and removed',
      EventTypes.targeting.membershipChanged,
      { added: ['0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f'], removed: ['0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f'] },
      'added',
    ],
    ['a snapshot part past the last', EventTypes.targeting.membershipSnapshot, { part: 2, parts: 1 }, 'part'],
  ];

  it.each(crossFieldCases)('rejects %s', (_case, type, changes, field) => {
    expect(rejectionOf(withData(type, changes))).toMatch(new RegExp(`: ${field}: `));
  });

  it('caps a membership delta at 10,000 client IDs in total', () => {
    const ids = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, index) => `${prefix}-0000-7000-8000-${index.toString(16).padStart(12, '0')}`);
    const delta = (added: number, removed: number) =>
      withData(EventTypes.targeting.membershipChanged, { added: ids(added, '0195f3c2'), removed: ids(removed, '0195f3c3') });
    expect(rejectionOf(delta(6000, 4000))).toBe('accepted');
    const overCap = delta(6000, 4001);
    expect(rejectionOf(overCap)).toMatch(/at most 10000 client IDs/);
  });

  const acceptedCases: [string, EventTypeName, Record<string, unknown>][] = [
    [
      'a built-in collection',
      EventTypes.targeting.collectionCreated,
      { id: 'SMS00001', limitingCollectionId: null, builtIn: true },
    ],
    [
      'a dependency on another program',
      EventTypes.catalog.programCreated,
      { dependsOn: { packageId: 'S0100002', program: 'Runtime', alwaysRunFirst: false } },
    ],
    ['a working directory that starts with dots', EventTypes.catalog.programCreated, { workingDirectory: '..data/bin' }],
    ['platforms any', EventTypes.catalog.programCreated, { platforms: 'any' }],
    ['Linux on any architecture', EventTypes.catalog.programCreated, { platforms: [{ os: 'linux', arch: 'any', minVersion: '5.4' }] }],
    [
      'a removal with no versions',
      EventTypes.replication.packageStatusChanged,
      { state: 'REMOVAL_PENDING', stateCode: 4, desiredVersion: null, installedVersion: null },
    ],
    [
      'an advertisement that expires later',
      EventTypes.advertisement.advertisementUpdated,
      { expiresAt: '2026-04-01T00:00:00+02:00' },
    ],
    [
      'a status without message or exit code',
      EventTypes.advertisement.clientStatusReported,
      { state: 'WAITING', messageId: null, exitCode: null, detail: 'waiting for a window' },
    ],
  ];

  it.each(acceptedCases)('accepts %s', (_case, type, changes) => {
    const event = withData(type, changes);
    expect(rejectionOf(event)).toBe('accepted');
    expect(jsonSchemaAccepts(type, event)).toBe(true);
  });
});
