import fc from 'fast-check';
import { compileQuery } from './evaluator';
import { prepareClient } from './prepared-client';
import { QueryableClient } from './queryable-client';
import { ClientColumns } from './selection-filter';

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, min: -5, max: 5 }),
  fc.constantFrom('3', ' 2.5 ', '-1', 'abc', 'ABC', 'Finance', 'finance', '', 'true', 'x64'),
  fc.boolean(),
  fc.constant(null),
);
const inventoryValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('v', 'w'), scalar, { maxKeys: 2 }));

const clientArbitrary: fc.Arbitrary<QueryableClient> = fc.record({
  name: fc.constantFrom('WS-1', 'ws-2', 'abc'),
  domain: fc.constantFrom(null, 'corp', 'CORP', ''),
  siteCode: fc.constantFrom('S01', 's02'),
  os: fc.record({ name: fc.constantFrom('windows', 'Linux', 'x64'), version: fc.constantFrom('10.0.19045', '6.8'), arch: fc.constantFrom('x64', 'ARM64') }),
  ipAddresses: fc.constantFrom([], ['10.1.4.42']),
  lastSeenAt: fc.constantFrom('2026-01-01T00:00:00Z', new Date('2026-03-02T06:55:00Z')),
  inventory: fc.dictionary(fc.constantFrom('v', 'V', 'w', 'constructor'), inventoryValue, { maxKeys: 3 }),
});

const comparison = fc
  .tuple(
    fc.constantFrom('name', 'domain', 'os.name', 'os.arch', 'os.version', 'inventory.v', 'inventory.V', 'inventory.w', 'inventory.v.w', 'inventory.constructor'),
    fc.constantFrom('=', '!=', '<', '<=', '>', '>='),
    fc.constantFrom('3', '-1', '2.5', 'TRUE', "'3'", "'abc'", "'Finance'", "'true'", "''", "'X64'", "'windows'", "'corp'", "'6.8'"),
  )
  .map(([field, operator, literal]) => `${field} ${operator} ${literal}`);
const atom = fc.oneof(comparison, fc.constantFrom('domain IS NULL', "inventory.v IN ('abc', 3)", "name LIKE 'ws-%'", "inventory.v CONTAINS 'abc'"));
const expressionArbitrary = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expression'), fc.constantFrom('AND', 'OR'), tie('expression')).map(([left, operator, right]) => `(${left} ${operator} ${right})`),
    tie('expression').map((operand) => `NOT (${operand})`),
  ),
})).expression;

describe('selection filters (a query over many clients at once)', () => {
  it('keep exactly the selected clients the per-client test matches, in order', () => {
    fc.assert(
      fc.property(expressionArbitrary, fc.array(clientArbitrary, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (source, clients, selected) => {
        const predicate = compileQuery(source);
        const prepared = clients.map(prepareClient);
        const start = prepared.map((_, index) => index).filter((index) => selected[index] !== false);
        const selection = Int32Array.from(start);
        const kept = predicate.selects(selection, start.length, new ClientColumns(prepared));
        expect([...selection.subarray(0, kept)]).toEqual(start.filter((index) => predicate.prepared(prepared[index])));
      }),
      { numRuns: 3000 },
    );
  });

  it('narrow an AND chain one operand at a time over the columns', () => {
    const clients = [
      { os: 'windows', department: 'Finance', memoryMb: 8192 },
      { os: 'Windows', department: 'finance', memoryMb: '16384' },
      { os: 'linux', department: 'Finance', memoryMb: 8192 },
      { os: 'windows', department: ['Finance'], memoryMb: 4096 },
      { os: 'windows', department: 'HR', memoryMb: 32768 },
    ].map(({ os, department, memoryMb }, index) =>
      prepareClient({
        name: `ws-${index}`,
        domain: null,
        siteCode: 'S01',
        os: { name: os, version: '10.0.19045', arch: 'x64' },
        ipAddresses: [],
        lastSeenAt: new Date(0),
        inventory: { department, memoryMb },
      }),
    );
    const query = compileQuery("os.name = 'windows' AND inventory.department = 'FINANCE' AND inventory.memoryMb >= 8192");
    const selection = Int32Array.from([0, 1, 2, 3, 4]);
    const kept = query.selects(selection, 5, new ClientColumns(clients));
    expect([...selection.subarray(0, kept)]).toEqual([0, 1]);
  });
});
