import { parseSubnet } from '@sdp/content-location';
import { ComparisonOperator, Expression, FieldRef, FixedField, Literal, QUERY_FIELDS } from './ast';
import { ParseError } from './parse-error';
import { describeToken, Token, tokenize } from './tokenizer';

export const MAX_EXPRESSION_LENGTH = 8192;
/** Bounds recursion so a pathological expression is a ParseError, never a stack overflow. */
export const MAX_NESTING_DEPTH = 64;
const MAX_IN_VALUES = 1000;

const COMPARISON_OPERATORS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
const FIELD_NAMES = new Map<string, FixedField>(QUERY_FIELDS.map((field) => [field.toLowerCase(), field]));
const FIELD_EXPECTATION = `a field (${[...QUERY_FIELDS, 'inventory.<path>'].join(', ')})`;
const VALUE_EXPECTATION = 'a value (a quoted string, a number, TRUE or FALSE)';
const OPERATOR_EXPECTATION = [
  'a comparison (=, !=, <, <=, >, >=)',
  'IN',
  'LIKE',
  'CONTAINS',
  'IN SUBNET',
  'IS [NOT] NULL',
  'NOT IN / NOT LIKE / NOT CONTAINS',
];

/** Parses a query expression (domain.md) into its syntax tree; bad input raises ParseError only. */
export function parseExpression(source: string): Expression {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ParseError(MAX_EXPRESSION_LENGTH, [`at most ${MAX_EXPRESSION_LENGTH} characters`], `${source.length} characters`);
  }
  return new Parser(tokenize(source)).parseWhole();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseWhole(): Expression {
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.error(next, ['AND', 'OR', 'the end of the expression']);
    }
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) {
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) {
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.isKeyword(this.peek(), 'NOT')) {
      const not = this.next();
      return this.nested(not, () => ({ kind: 'not', operand: this.parseNot() }));
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    if (token.kind === 'symbol' && token.text === '(') {
      this.next();
      const inner = this.nested(token, () => this.parseOr());
      this.expectSymbol(')', ['AND', 'OR', "')'"]);
      return inner;
    }
    return this.parsePredicate(this.parseField());
  }

  private nested<T>(token: Token, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new ParseError(token.position, [`at most ${MAX_NESTING_DEPTH} levels of NOT and parentheses`], describeToken(token));
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private parseField(): FieldRef {
    const first = this.peek();
    if (first.kind !== 'word' || RESERVED.has(first.text.toUpperCase())) {
      throw this.error(first, [FIELD_EXPECTATION, 'NOT', "'('"]);
    }
    this.next();
    const segments = [first.text];
    while (this.peek().kind === 'symbol' && this.peek().text === '.') {
      this.next();
      const segment = this.peek();
      if (segment.kind !== 'word') {
        throw this.error(segment, ['a field name after the dot']);
      }
      segments.push(this.next().text);
    }
    if (segments[0].toLowerCase() === 'inventory') {
      if (segments.length === 1) {
        throw this.error(this.peek(), ["'.' and the path of an inventory value, e.g. inventory.department"]);
      }
      return { kind: 'inventory', path: segments.slice(1) };
    }
    const fixed = FIELD_NAMES.get(segments.join('.').toLowerCase());
    if (!fixed) {
      throw new ParseError(first.position, [FIELD_EXPECTATION], `'${segments.join('.')}'`);
    }
    return { kind: 'fixed', name: fixed };
  }

  private parsePredicate(field: FieldRef): Expression {
    const token = this.peek();
    if (token.kind === 'symbol' && COMPARISON_OPERATORS.includes(token.text)) {
      this.next();
      return { kind: 'compare', field, operator: token.text as ComparisonOperator, value: this.parseValue(field) };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL', negated ? ['NULL'] : ['NOT', 'NULL']);
      const isNull: Expression = { kind: 'isNull', field };
      return negated ? { kind: 'not', operand: isNull } : isNull;
    }
    if (this.acceptKeyword('NOT')) {
      return { kind: 'not', operand: this.parseMembershipOperator(field, true) };
    }
    return this.parseMembershipOperator(field, false);
  }

  /** IN (...), IN SUBNET, LIKE and CONTAINS, which may follow NOT. */
  private parseMembershipOperator(field: FieldRef, afterNot: boolean): Expression {
    if (this.acceptKeyword('IN')) {
      if (this.acceptKeyword('SUBNET')) {
        return { kind: 'inSubnet', field, subnet: this.parseSubnetLiteral() };
      }
      return { kind: 'in', field, values: this.parseValueList(field) };
    }
    if (this.acceptKeyword('LIKE')) {
      return { kind: 'like', field, pattern: this.expectString('a quoted pattern with % and _') };
    }
    if (this.acceptKeyword('CONTAINS')) {
      return { kind: 'contains', field, value: this.parseValue(field) };
    }
    throw this.error(this.peek(), afterNot ? ['IN', 'IN SUBNET', 'LIKE', 'CONTAINS'] : OPERATOR_EXPECTATION);
  }

  private parseValueList(field: FieldRef): Literal[] {
    this.expectSymbol('(', ["'(' and a list of values", 'SUBNET']);
    const values = [this.parseValue(field)];
    while (this.peek().kind === 'symbol' && this.peek().text === ',') {
      const comma = this.next();
      if (values.length >= MAX_IN_VALUES) {
        throw new ParseError(comma.position, [`at most ${MAX_IN_VALUES} values in one IN list`], describeToken(comma));
      }
      values.push(this.parseValue(field));
    }
    this.expectSymbol(')', ["','", "')'"]);
    return values;
  }

  private parseSubnetLiteral(): string {
    const token = this.peek();
    const text = this.expectString("a quoted subnet such as '10.1.0.0/16'");
    if (!parseSubnet(text)) {
      throw new ParseError(token.position, ['an IPv4 or IPv6 subnet in CIDR notation, e.g. 10.1.0.0/16'], describeToken(token));
    }
    return text;
  }

  private parseValue(field: FieldRef): Literal {
    const token = this.peek();
    let literal: Literal;
    if (token.kind === 'string') {
      literal = { type: 'string', value: token.text };
    } else if (token.kind === 'number') {
      literal = { type: 'number', value: Number(token.text) };
    } else if (this.isKeyword(token, 'TRUE') || this.isKeyword(token, 'FALSE')) {
      literal = { type: 'boolean', value: token.text.toUpperCase() === 'TRUE' };
    } else {
      throw this.error(token, [this.isKeyword(token, 'NULL') ? 'a value (use IS NULL to test for a missing value)' : VALUE_EXPECTATION]);
    }
    if (field.kind === 'fixed' && field.name === 'lastSeenAt' && (literal.type !== 'string' || Number.isNaN(Date.parse(literal.value)))) {
      throw new ParseError(token.position, ["an ISO-8601 date or date and time in quotes, e.g. '2026-03-01T00:00:00Z'"], describeToken(token));
    }
    this.next();
    return literal;
  }

  private expectString(what: string): string {
    const token = this.peek();
    if (token.kind !== 'string') {
      throw this.error(token, [what]);
    }
    this.next();
    return token.text;
  }

  private expectSymbol(symbol: string, expected: string[]): void {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) {
      throw this.error(token, expected);
    }
    this.next();
  }

  private expectKeyword(keyword: string, expected: string[]): void {
    if (!this.acceptKeyword(keyword)) {
      throw this.error(this.peek(), expected);
    }
  }

  private acceptKeyword(keyword: string): boolean {
    if (this.isKeyword(this.peek(), keyword)) {
      this.next();
      return true;
    }
    return false;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') {
      this.index += 1;
    }
    return token;
  }

  private error(token: Token, expected: readonly string[]): ParseError {
    return new ParseError(token.position, expected, describeToken(token));
  }
}

const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'CONTAINS', 'IS', 'NULL', 'TRUE', 'FALSE', 'SUBNET']);
