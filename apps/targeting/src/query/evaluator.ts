import { parseIpAddress, parseSubnet, subnetContains } from '@sdp/content-location';
import { ComparisonOperator, Expression, FieldRef, FixedField, Literal } from './ast';
import { comparatorFor, equalityFor, orderingTest } from './compare-values';
import { fieldValues } from './field-values';
import { compileLikePattern } from './like-pattern';
import { parseExpression } from './parser';
import { PreparedClient, prepareClient } from './prepared-client';
import { QueryableClient } from './queryable-client';

/** A parsed expression turned into a test of a client prepared once (prepareClient): the one evaluator of membership. */
export type PreparedPredicate = (client: PreparedClient) => boolean;

/** The same test of any client; `prepared` is what evaluating many rules over one client uses. */
export interface ClientPredicate {
  (client: QueryableClient): boolean;
  readonly prepared: PreparedPredicate;
}

/** Parses and compiles; bad input raises ParseError only. */
export function compileQuery(source: string): ClientPredicate {
  return compileExpression(parseExpression(source));
}

export function compileExpression(expression: Expression): ClientPredicate {
  const prepared = compilePrepared(expression);
  return Object.assign((client: QueryableClient) => prepared(prepareClient(client)), { prepared });
}

/**
 * Comparisons follow SQL's treatment of a missing value: no comparison holds for it (so
 * `domain != 'x'` leaves out clients without a domain), only IS NULL sees it. A multi-valued
 * field matches when any of its values does; `!=` holds when there are values and none equals.
 */
function compilePrepared(expression: Expression): PreparedPredicate {
  switch (expression.kind) {
    case 'and':
      return all(operandsOf(expression, 'and').map(compilePrepared));
    case 'or':
      return any(operandsOf(expression, 'or').map(compilePrepared));
    case 'not': {
      const operand = compilePrepared(expression.operand);
      return (client) => !operand(client);
    }
    case 'compare': {
      const compare = comparatorFor(expression.field, expression.value);
      const operator = expression.operator;
      if (operator === '!=') {
        return values(expression.field, (all) => all.length > 0 && !all.some((value) => compare(value) === 0));
      }
      const general = anyValue(expression.field, operator === '=' ? equalityFor(expression.field, expression.value) : orderingTest(operator, compare));
      return directComparison(expression.field, operator, expression.value, general) ?? general;
    }
    case 'in': {
      const equalities = expression.values.map((literal) => equalityFor(expression.field, literal));
      return anyValue(expression.field, (value) => equalities.some((equals) => equals(value)));
    }
    case 'contains':
      return anyValue(expression.field, equalityFor(expression.field, expression.value));
    case 'like': {
      const match = compileLikePattern(expression.pattern);
      const isTime = expression.field.kind === 'fixed' && expression.field.name === 'lastSeenAt';
      return anyValue(expression.field, (value) =>
        isTime && typeof value === 'number' ? match(new Date(value).toISOString()) : isScalar(value) && match(String(value)),
      );
    }
    case 'inSubnet': {
      const subnet = parseSubnet(expression.subnet);
      if (!subnet) {
        return () => false;
      }
      return anyValue(expression.field, (value) => {
        const address = typeof value === 'string' ? parseIpAddress(value.trim()) : undefined;
        return address !== undefined && subnetContains(subnet, address);
      });
    }
    case 'isNull':
      return values(expression.field, (all) => all.length === 0);
  }
}

/** The operands of a chain of one operator, `a AND b AND c` as [a, b, c], left to right. */
function operandsOf(expression: Expression, kind: 'and' | 'or'): Expression[] {
  return expression.kind === kind ? [...operandsOf(expression.left, kind), ...operandsOf(expression.right, kind)] : [expression];
}

/** Every test holds, tested left to right until one does not: one call per operand, however long the chain. */
function all(tests: readonly PreparedPredicate[]): PreparedPredicate {
  const [first, second, third] = tests;
  switch (tests.length) {
    case 2:
      return (client) => first(client) && second(client);
    case 3:
      return (client) => first(client) && second(client) && third(client);
    default:
      return (client) => tests.every((test) => test(client));
  }
}

/** Some test holds, tested left to right until one does. */
function any(tests: readonly PreparedPredicate[]): PreparedPredicate {
  const [first, second, third] = tests;
  switch (tests.length) {
    case 2:
      return (client) => first(client) || second(client);
    case 3:
      return (client) => first(client) || second(client) || third(client);
    default:
      return (client) => tests.some((test) => test(client));
  }
}

/** The PreparedClient property of each single-valued field. */
const SINGLE_VALUED: Record<Exclude<FixedField, 'ipAddress'>, keyof PreparedClient> = {
  name: 'name',
  domain: 'domain',
  siteCode: 'siteCode',
  'os.name': 'osName',
  'os.version': 'osVersion',
  'os.arch': 'osArch',
  lastSeenAt: 'lastSeenAt',
};

/**
 * Single-valued fields and top-level scalar inventory values skip building the value list: full
 * evaluation runs this clients × rules times. The result is the same as through fieldValues.
 */
function anyValue(field: FieldRef, test: (value: unknown) => boolean): PreparedPredicate {
  if (field.kind === 'fixed' && field.name !== 'ipAddress') {
    const property = SINGLE_VALUED[field.name];
    return (client) => {
      const value = client[property];
      return value !== null && test(value);
    };
  }
  if (field.kind === 'inventory' && field.path.length === 1) {
    const key = field.path[0];
    return (client) => {
      const value = Object.prototype.hasOwnProperty.call(client.inventory, key) ? client.inventory[key] : undefined;
      return isScalar(value) ? test(value) : fieldValues(field, client).some(test);
    };
  }
  return (client) => fieldValues(field, client).some(test);
}

/**
 * The comparisons a full evaluation runs most, clients × rules times, as one test that reads the
 * value and compares it, instead of a value reader calling a comparator: `=` on a text field, and
 * `=` or an ordering on a top-level inventory value of the literal's own type (a string with a
 * string, a number with a number). Any other value is left to `general`, the same comparison the
 * long way; the answer is the same either way (evaluator.spec compares them).
 */
function directComparison(
  field: FieldRef,
  operator: Exclude<ComparisonOperator, '!='>,
  literal: Literal,
  general: PreparedPredicate,
): PreparedPredicate | undefined {
  if (field.kind === 'fixed' && operator === '=' && TEXT_FIELDS.has(field.name)) {
    const property = SINGLE_VALUED[field.name as TextField];
    const right = String(literal.value).toLowerCase();
    return (client) => client[property] === right;
  }
  if (field.kind !== 'inventory' || field.path.length !== 1) {
    return undefined;
  }
  const key = field.path[0];
  if (operator === '=' && literal.type === 'string') {
    const right = literal.value.toLowerCase();
    return (client) => {
      const value = ownValue(client.inventory, key);
      return typeof value === 'string' ? value === right : general(client);
    };
  }
  if (operator !== '=' && literal.type === 'number') {
    const right = literal.value;
    const holds = ORDER_HOLDS[operator];
    return (client) => {
      const value = ownValue(client.inventory, key);
      return typeof value === 'number' ? holds(sign(value - right)) : general(client);
    };
  }
  return undefined;
}

type TextField = 'name' | 'domain' | 'siteCode' | 'os.name' | 'os.arch';
/** Fixed fields compared as case-insensitive text (os.version is a dotted version, lastSeenAt a time, ipAddress many values). */
const TEXT_FIELDS: ReadonlySet<FixedField> = new Set<TextField>(['name', 'domain', 'siteCode', 'os.name', 'os.arch']);

/** Whether `value <operator> literal` holds, given the sign of value − literal. */
const ORDER_HOLDS: Record<Exclude<ComparisonOperator, '=' | '!='>, (order: number) => boolean> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

function ownValue(inventory: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(inventory, key) ? inventory[key] : undefined;
}

function sign(difference: number): number {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

function values(field: FieldRef, test: (all: readonly unknown[]) => boolean): PreparedPredicate {
  return (client) => test(fieldValues(field, client));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
