import { parseIpAddress, parseSubnet, subnetContains } from '@sdp/content-location';
import { Expression, FieldRef, operandsOf } from './ast';
import { comparatorFor, equalityFor, orderingTest } from './compare-values';
import { DirectComparison, directComparisonOf, orderHolds, ownValue, SINGLE_VALUED } from './direct-comparison';
import { fieldValues } from './field-values';
import { compileLikePattern } from './like-pattern';
import { parseExpression } from './parser';
import { PreparedClient, prepareClient } from './prepared-client';
import { QueryableClient } from './queryable-client';
import { compileSelectionFilter, SelectionFilter } from './selection-filter';

/** A parsed expression turned into a test of a client prepared once (prepareClient): the one evaluator of membership. */
export type PreparedPredicate = (client: PreparedClient) => boolean;

/**
 * The same test of any client; `prepared` is what evaluating many rules over one client uses,
 * `selects` the same test of many clients at once (full evaluation).
 */
export interface ClientPredicate {
  (client: QueryableClient): boolean;
  readonly prepared: PreparedPredicate;
  readonly selects: SelectionFilter;
}

/** Parses and compiles; bad input raises ParseError only. */
export function compileQuery(source: string): ClientPredicate {
  return compileExpression(parseExpression(source));
}

export function compileExpression(expression: Expression): ClientPredicate {
  const prepared = compilePrepared(expression);
  const selects = compileSelectionFilter(expression, compilePrepared);
  return Object.assign((client: QueryableClient) => prepared(prepareClient(client)), { prepared, selects });
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
      const direct = directComparisonOf(expression.field, operator, expression.value);
      return direct === undefined ? general : directTest(direct, general);
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
      const value = ownValue(client.inventory, key);
      return isScalar(value) ? test(value) : fieldValues(field, client).some(test);
    };
  }
  return (client) => fieldValues(field, client).some(test);
}

/** The direct comparison as one test of a prepared client; a value of another type is left to `general`. */
function directTest(direct: DirectComparison, general: PreparedPredicate): PreparedPredicate {
  switch (direct.kind) {
    case 'text': {
      const { property, right } = direct;
      return (client) => client[property] === right;
    }
    case 'inventoryText': {
      const { key, right } = direct;
      return (client) => {
        const value = ownValue(client.inventory, key);
        return typeof value === 'string' ? value === right : general(client);
      };
    }
    case 'inventoryOrder': {
      const { key, operator, right } = direct;
      return (client) => {
        const value = ownValue(client.inventory, key);
        return typeof value === 'number' ? orderHolds(operator, value, right) : general(client);
      };
    }
  }
}

function values(field: FieldRef, test: (all: readonly unknown[]) => boolean): PreparedPredicate {
  return (client) => test(fieldValues(field, client));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
