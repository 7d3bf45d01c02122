import fc from 'fast-check';
import { compileExpression } from './evaluator';
import { ParseError } from './parse-error';
import { parseExpression } from './parser';
import { QueryableClient } from './queryable-client';

const fragments = [
  'name', 'domain', 'siteCode', 'os.name', 'os.version', 'os.arch', 'ipAddress', 'lastSeenAt', 'inventory.tags',
  'inventory.disks.freeMb', 'inventory."a b"', '=', '!=', '<>', '<', '<=', '>', '>=', 'IN', 'NOT', 'AND', 'OR',
  'LIKE', 'CONTAINS', 'IS', 'NULL', 'SUBNET', 'TRUE', 'FALSE', '(', ')', ',', "'windows'", "'10.0.19041'",
  "'10.1.0.0/16'", "'2026-03-01'", "'%a_'", "'O''x'", '42', '-1.5', "'", '"', '.', ';', '--', '/*', 'DROP TABLE client',
];

const sourceArbitrary = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((parts) => parts.join('')),
);

const jsonValue = fc.jsonValue({ maxDepth: 3 });

const clientArbitrary: fc.Arbitrary<QueryableClient> = fc.record({
  name: fc.string(),
  domain: fc.option(fc.string(), { nil: null }),
  siteCode: fc.string({ maxLength: 3 }),
  os: fc.record({ name: fc.string(), version: fc.string(), arch: fc.string() }),
  ipAddresses: fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { maxLength: 3 }),
  lastSeenAt: fc.date({ noInvalidDate: true }),
  inventory: fc.dictionary(fc.constantFrom('tags', 'disks', 'a b', 'x'), jsonValue),
});

describe('query language fuzzing', () => {
  it('random input either parses or raises a ParseError with a position inside the input', () => {
    fc.assert(
      fc.property(sourceArbitrary, (source) => {
        try {
          parseExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(ParseError);
          const { position } = error as ParseError;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(source.length);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('whatever parses evaluates to a boolean on any client without throwing', () => {
    fc.assert(
      fc.property(sourceArbitrary, clientArbitrary, (source, client) => {
        let predicate;
        try {
          predicate = compileExpression(parseExpression(source));
        } catch {
          return;
        }
        expect(typeof predicate(client)).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
