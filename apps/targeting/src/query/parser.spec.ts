import { Expression } from './ast';
import { ParseError } from './parse-error';
import { MAX_NESTING_DEPTH, parseExpression } from './parser';
import { parseFailure } from './parse-failure.spec-helper';

describe('parseExpression', () => {
  it('parses the example of domain.md', () => {
    const expression = parseExpression(
      "os.name = 'windows' AND os.version >= '10.0.19041' AND inventory.department IN ('Finance','HR')",
    );
    expect(expression).toEqual<Expression>({
      kind: 'and',
      left: {
        kind: 'and',
        left: { kind: 'compare', field: { kind: 'fixed', name: 'os.name' }, operator: '=', value: { type: 'string', value: 'windows' } },
        right: { kind: 'compare', field: { kind: 'fixed', name: 'os.version' }, operator: '>=', value: { type: 'string', value: '10.0.19041' } },
      },
      right: {
        kind: 'in',
        field: { kind: 'inventory', path: ['department'] },
        values: [
          { type: 'string', value: 'Finance' },
          { type: 'string', value: 'HR' },
        ],
      },
    });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseExpression("name = 'a' OR NOT name = 'b' AND name = 'c'")).toEqual({
      kind: 'or',
      left: { kind: 'compare', field: { kind: 'fixed', name: 'name' }, operator: '=', value: { type: 'string', value: 'a' } },
      right: {
        kind: 'and',
        left: {
          kind: 'not',
          operand: { kind: 'compare', field: { kind: 'fixed', name: 'name' }, operator: '=', value: { type: 'string', value: 'b' } },
        },
        right: { kind: 'compare', field: { kind: 'fixed', name: 'name' }, operator: '=', value: { type: 'string', value: 'c' } },
      },
    });
  });

  it('lets parentheses override precedence', () => {
    const expression = parseExpression("(name = 'a' OR name = 'b') AND name = 'c'");
    expect(expression.kind).toBe('and');
    expect((expression as Extract<Expression, { kind: 'and' }>).left.kind).toBe('or');
  });

  it('reads keywords and fixed field names in any case', () => {
    expect(parseExpression("OS.Name = 'Windows' and SITECODE in ('S01') or Domain is not null")).toBeDefined();
  });

  it('parses every operator', () => {
    const field = { kind: 'fixed', name: 'name' };
    expect(parseExpression("name LIKE 'ws-%'")).toEqual({ kind: 'like', field, pattern: 'ws-%' });
    expect(parseExpression("name NOT LIKE 'ws-%'")).toEqual({ kind: 'not', operand: { kind: 'like', field, pattern: 'ws-%' } });
    expect(parseExpression("inventory.tags CONTAINS 'kiosk'")).toEqual({
      kind: 'contains',
      field: { kind: 'inventory', path: ['tags'] },
      value: { type: 'string', value: 'kiosk' },
    });
    expect(parseExpression("ipAddress IN SUBNET '10.1.0.0/16'")).toEqual({
      kind: 'inSubnet',
      field: { kind: 'fixed', name: 'ipAddress' },
      subnet: '10.1.0.0/16',
    });
    expect(parseExpression("ipAddress NOT IN SUBNET '10.1.0.0/16'").kind).toBe('not');
    expect(parseExpression('domain IS NULL')).toEqual({ kind: 'isNull', field: { kind: 'fixed', name: 'domain' } });
    expect(parseExpression('domain IS NOT NULL')).toEqual({ kind: 'not', operand: { kind: 'isNull', field: { kind: 'fixed', name: 'domain' } } });
    for (const operator of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(parseExpression(`inventory.memoryMb ${operator} 8192`)).toEqual({
        kind: 'compare',
        field: { kind: 'inventory', path: ['memoryMb'] },
        operator,
        value: { type: 'number', value: 8192 },
      });
    }
    expect(parseExpression("name <> 'a'")).toMatchObject({ operator: '!=' });
  });

  it('reads strings with doubled quotes, negative and decimal numbers, booleans and quoted inventory keys', () => {
    expect(parseExpression("name = 'O''Brien'")).toMatchObject({ value: { type: 'string', value: "O'Brien" } });
    expect(parseExpression('inventory.offset > -1.5')).toMatchObject({ value: { type: 'number', value: -1.5 } });
    expect(parseExpression('inventory.laptop = TRUE')).toMatchObject({ value: { type: 'boolean', value: true } });
    expect(parseExpression('inventory."Installed Software" CONTAINS \'7-Zip\'')).toMatchObject({
      field: { kind: 'inventory', path: ['Installed Software'] },
    });
  });

  describe('errors', () => {
    it.each([
      ["os.name = 'windows' AND", 23, 'a field', 'the end of the expression'],
      ["os.name == 'windows'", 9, 'a value', "'='"],
      ["os.nmae = 'windows'", 0, 'a field (name, domain', "'os.nmae'"],
      ["name = 'unterminated", 7, 'a closing quote', 'the end of the expression'],
      ["name = 'O''Brien", 7, 'a closing quote', 'the end of the expression'],
      ["name = 'a' AND domain = 'b", 24, 'a closing quote', 'the end of the expression'],
      ["inventory.department = Engineering'", 23, "an opening quote (') before Engineering", "Engineering'"],
      ["os.version = 10.0'", 13, "an opening quote (') before 10.0", "10.0'"],
      ["name = ws-1' AND domain = 'corp'", 7, "an opening quote (') before ws-1", "ws-1'"],
      ["name IN ('a', b')", 14, "an opening quote (') before b", "b'"],
      ['inventory."Installed Software CONTAINS 1', 10, 'a closing double quote', 'the end of the expression'],
      ["(name = 'a'", 11, "')'", 'the end of the expression'],
      ["name = 'a')", 10, 'AND, OR or the end of the expression', "')'"],
      ["name 'a'", 5, 'a comparison', "'a'"],
      ['name IS NOTHING', 8, 'NOT or NULL', "'NOTHING'"],
      ["ipAddress IN SUBNET '10.1.0.0/33'", 20, 'CIDR', "'10.1.0.0/33'"],
      ["lastSeenAt > 'yesterday'", 13, 'ISO-8601', "'yesterday'"],
      ['name = NULL', 7, 'use IS NULL', "'NULL'"],
      ["name IN ('a' 'b')", 13, "','", "'b'"],
      ['inventory = 1', 10, 'inventory.department', "'='"],
      ["name = 'a' ; DROP TABLE client", 11, 'a field, a value', "';'"],
      ['', 0, 'a field', 'the end of the expression'],
    ])('%j fails at %i expecting %s', (source, position, expected, found) => {
      const error = parseFailure(source);
      expect(error.position).toBe(position);
      expect(error.message).toContain(expected);
      expect(error.found).toBe(found);
      expect(error.message).toContain(`at position ${position}`);
    });

    it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
      const deep = `${'('.repeat(MAX_NESTING_DEPTH + 1)}name = 'a'${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
      expect(parseFailure(deep).expected[0]).toContain(`at most ${MAX_NESTING_DEPTH} levels`);
      expect(parseFailure(`${'NOT '.repeat(100_000).slice(0, 8000)} name = 'a'`)).toBeInstanceOf(ParseError);
      const fine = `${'('.repeat(MAX_NESTING_DEPTH)}name = 'a'${')'.repeat(MAX_NESTING_DEPTH)}`;
      expect(parseExpression(fine).kind).toBe('compare');
    });

    it('refuses an over-long expression', () => {
      expect(parseFailure(`name = '${'x'.repeat(9000)}'`).found).toBe('9009 characters');
    });
  });
});
