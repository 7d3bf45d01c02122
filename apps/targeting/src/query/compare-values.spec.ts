import fc from 'fast-check';
import { FieldRef, Literal, QUERY_FIELDS } from './ast';
import { comparatorFor, equalityFor, orderingTest } from './compare-values';

const fields: FieldRef[] = [...QUERY_FIELDS.map((name): FieldRef => ({ kind: 'fixed', name })), { kind: 'inventory', path: ['x'] }];

const literalArbitrary: fc.Arbitrary<Literal> = fc.oneof(
  fc.string().map((value): Literal => ({ type: 'string', value })),
  fc.constantFrom('42', ' 7.5 ', 'true', 'FALSE', '10.0.19045', '2026-03-01').map((value): Literal => ({ type: 'string', value })),
  fc.double({ noNaN: true }).map((value): Literal => ({ type: 'number', value })),
  fc.boolean().map((value): Literal => ({ type: 'boolean', value })),
);

/** Values as a PreparedClient holds them: text lowercased. */
const valueArbitrary = fc.oneof(
  fc.string().map((value) => value.toLowerCase()),
  fc.constantFrom('42', '7.5', 'true', 'false', '10.0.19045', ''),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);

describe('value comparison', () => {
  it('equalityFor answers exactly when the comparator says the two are equal', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), literalArbitrary, valueArbitrary, (field, literal, value) => {
        expect(equalityFor(field, literal)(value)).toBe(comparatorFor(field, literal)(value) === 0);
      }),
      { numRuns: 5000 },
    );
  });

  it('orderingTest holds by the comparator order and never for values that cannot be compared', () => {
    const operators = ['<', '<=', '>', '>='] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), literalArbitrary, valueArbitrary, fc.constantFrom(...operators), (field, literal, value, operator) => {
        const order = comparatorFor(field, literal)(value);
        const expected = order !== undefined && { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[operator];
        expect(orderingTest(operator, comparatorFor(field, literal))(value)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
