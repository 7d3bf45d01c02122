import fc from 'fast-check';
import { compileQuery } from './evaluator';
import { QueryableClient } from './queryable-client';

const finance: QueryableClient = {
  name: 'WS-Berlin-042',
  domain: 'corp.example.com',
  siteCode: 'S01',
  os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
  ipAddresses: ['10.1.4.42', 'fe80::1c2d:3e4f:5a6b:7c8d'],
  lastSeenAt: new Date('2026-03-02T06:55:00Z'),
  inventory: {
    memoryMb: 16384,
    department: 'Finance',
    laptop: false,
    tags: ['Kiosk', 'pilot'],
    disks: [
      { mount: 'C:', freeMb: 120000 },
      { mount: 'D:', freeMb: 500 },
    ],
    serial: '00042',
    owner: null,
  },
};

const linux: QueryableClient = {
  name: 'srv-db-01',
  domain: null,
  siteCode: 'S02',
  os: { name: 'linux', version: '6.8.0', arch: 'arm64' },
  ipAddresses: [],
  lastSeenAt: '2026-01-01T00:00:00Z',
  inventory: {},
};

function matches(expression: string, client: QueryableClient = finance): boolean {
  return compileQuery(expression)(client);
}

describe('query evaluation', () => {
  it('compares strings case-insensitively', () => {
    expect(matches("os.name = 'WINDOWS'")).toBe(true);
    expect(matches("name = 'ws-berlin-042'")).toBe(true);
    expect(matches("inventory.department = 'finance'")).toBe(true);
    expect(matches("name > 'ws-a'")).toBe(true);
    expect(matches("name < 'WS-A'")).toBe(false);
  });

  it('compares os.version as a dotted version', () => {
    expect(matches("os.version >= '10.0.19041'")).toBe(true);
    expect(matches("os.version > '10.0.9'")).toBe(true);
    expect(matches("os.version < '10.0.100000'")).toBe(true);
    expect(matches("os.version = '10.0.19045.0'")).toBe(true);
    expect(matches("os.version != '10.0.19045'")).toBe(false);
    expect(matches("os.version IN ('6.1', '10.0.19045')")).toBe(true);
  });

  it('compares numbers numerically, also when the inventory holds them as text', () => {
    expect(matches('inventory.memoryMb >= 8192')).toBe(true);
    expect(matches('inventory.memoryMb < 8192')).toBe(false);
    expect(matches("inventory.memoryMb = '16384'")).toBe(true);
    expect(matches('inventory.serial = 42')).toBe(true);
    expect(matches('inventory.department > 5')).toBe(false);
  });

  it('compares booleans', () => {
    expect(matches('inventory.laptop = FALSE')).toBe(true);
    expect(matches('inventory.laptop = TRUE')).toBe(false);
  });

  it('compares lastSeenAt as a point in time', () => {
    expect(matches("lastSeenAt > '2026-03-01'")).toBe(true);
    expect(matches("lastSeenAt < '2026-03-02T07:00:00+01:00'")).toBe(false);
    expect(matches("lastSeenAt >= '2025-12-31T00:00:00Z'", linux)).toBe(true);
  });

  it('supports IN, LIKE and CONTAINS', () => {
    expect(matches("inventory.department IN ('HR', 'FINANCE')")).toBe(true);
    expect(matches("inventory.department IN ('HR')")).toBe(false);
    expect(matches("name LIKE 'ws-%-0__'")).toBe(true);
    expect(matches("name NOT LIKE 'srv-%'")).toBe(true);
    expect(matches("inventory.tags CONTAINS 'kiosk'")).toBe(true);
    expect(matches("inventory.tags CONTAINS 'lab'")).toBe(false);
  });

  it('matches multi-valued fields and paths through arrays when any value matches', () => {
    expect(matches("ipAddress = '10.1.4.42'")).toBe(true);
    expect(matches("ipAddress IN SUBNET '10.1.0.0/16'")).toBe(true);
    expect(matches("ipAddress IN SUBNET 'fe80::/10'")).toBe(true);
    expect(matches("ipAddress IN SUBNET '10.2.0.0/16'")).toBe(false);
    expect(matches('inventory.disks.freeMb < 1000')).toBe(true);
    expect(matches("inventory.disks.mount = 'd:'")).toBe(true);
  });

  it('finds installed software as the agent reports it (inventory.software: name, version, publisher, source)', () => {
    const software = [
      { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov', source: 'windows-registry' },
      { name: 'Microsoft Visual Studio Code (User)', version: '1.95.3', publisher: 'Microsoft Corporation', source: 'windows-registry' },
      { name: 'Mozilla Firefox (x64 en-US)', version: '133.0', publisher: null, source: 'windows-registry' },
    ];
    const withSoftware: QueryableClient = { ...finance, inventory: { ...finance.inventory, software } };
    expect(matches("inventory.software.name = '7-zip 23.01 (x64)'", withSoftware)).toBe(true);
    expect(matches("inventory.software.name = 'WinRAR'", withSoftware)).toBe(false);
    expect(matches("inventory.software.name LIKE 'Mozilla Firefox%'", withSoftware)).toBe(true);
    expect(matches("inventory.software.publisher = 'Microsoft Corporation'", withSoftware)).toBe(true);
    expect(matches("inventory.software.name = 'WinRAR'")).toBe(false);
    expect(matches('inventory.software.name IS NULL')).toBe(true);
    // Any entry answers each comparison on its own: a name and a version of two different entries also match.
    expect(matches("inventory.software.name = '7-Zip 23.01 (x64)' AND inventory.software.version = '133.0'", withSoftware)).toBe(true);
  });

  it('treats missing values like SQL: no comparison holds, IS NULL does', () => {
    expect(matches("domain = 'x'", linux)).toBe(false);
    expect(matches("domain != 'x'", linux)).toBe(false);
    expect(matches('domain IS NULL', linux)).toBe(true);
    expect(matches('domain IS NOT NULL', linux)).toBe(false);
    expect(matches('ipAddress IS NULL', linux)).toBe(true);
    expect(matches("ipAddress IN SUBNET '0.0.0.0/0'", linux)).toBe(false);
    expect(matches('inventory.owner IS NULL')).toBe(true);
    expect(matches('inventory.nothing.deeper IS NULL')).toBe(true);
    expect(matches('inventory.disks IS NOT NULL')).toBe(true);
    expect(matches("NOT domain = 'x'", linux)).toBe(true);
  });

  it('reads inventory keys case-insensitively', () => {
    expect(matches("inventory.DEPARTMENT = 'Finance'")).toBe(true);
  });

  it('combines with AND, OR, NOT and parentheses', () => {
    expect(matches("os.name = 'linux' OR os.name = 'windows' AND inventory.department = 'Finance'")).toBe(true);
    expect(matches("(os.name = 'linux' OR os.name = 'windows') AND inventory.department = 'HR'")).toBe(false);
    expect(matches("NOT (os.name = 'linux' OR siteCode = 'S02')")).toBe(true);
    expect(matches("NOT os.name = 'linux' AND siteCode = 'S02'", linux)).toBe(false);
  });

  it('evaluates the issue example: Windows ≥ 10.0.19041 in Finance', () => {
    const query = "os.name = 'windows' AND os.version >= '10.0.19041' AND inventory.department = 'Finance'";
    expect(matches(query)).toBe(true);
    expect(matches(query, { ...finance, os: { ...finance.os, version: '10.0.9200' } })).toBe(false);
    expect(matches(query, { ...finance, inventory: { department: 'HR' } })).toBe(false);
    expect(matches(query, linux)).toBe(false);
  });
});

describe('direct comparisons (the shapes a full evaluation runs most)', () => {
  const value = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true, min: -5, max: 5 }),
    fc.constantFrom('3', ' 2.5 ', '-1', 'abc', 'ABC', 'Finance', 'finance', '', 'true', 'x64'),
    fc.boolean(),
    fc.constant(null),
  );
  const literal = fc.oneof(
    fc.integer({ min: -5, max: 5 }).map(String),
    fc.constantFrom("'3'", "'abc'", "'Finance'", "'true'", "''", "'X64'", '2.5', 'TRUE'),
  );
  const operator = fc.constantFrom('=', '<', '<=', '>', '>=');
  const withInventory = (inventory: Record<string, unknown>): QueryableClient => ({ ...linux, inventory });

  it('answer as the general path does: a top-level value against the same value as a one-element list', () => {
    fc.assert(
      fc.property(value, operator, literal, fc.constantFrom('v', 'V'), (stored, op, right, key) => {
        const predicate = compileQuery(`inventory.v ${op} ${right}`);
        // A list always takes the general path ("any value matches"), so one element is the reference.
        expect(predicate(withInventory({ [key]: stored }))).toBe(predicate(withInventory({ [key]: [stored] })));
      }),
      { numRuns: 3000 },
    );
  });

  it('answer = on a text field as IN with the one value does', () => {
    fc.assert(
      fc.property(fc.constantFrom('name', 'domain', 'siteCode', 'os.name', 'os.arch'), fc.constantFrom("'x64'", "'X64'", "'linux'", "'S02'", "''"), (field, right) => {
        expect(matches(`${field} = ${right}`, linux)).toBe(matches(`${field} IN (${right})`, linux));
      }),
    );
  });

  it('still reads keys in another case and prototype names as missing', () => {
    expect(matches("inventory.DEPARTMENT = 'finance'")).toBe(true);
    expect(matches('inventory.MEMORYMB >= 16384')).toBe(true);
    expect(matches("inventory.constructor = 'x'", linux)).toBe(false);
    expect(matches('inventory.toString > 0', linux)).toBe(false);
    expect(matches("domain = ''", linux)).toBe(false);
  });
});
