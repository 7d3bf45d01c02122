import { parseIpAddress, parseSubnet, subnetContains } from '@sdp/content-location';
import { Expression, FieldRef, FixedField } from './ast';
import { comparatorFor, holds } from './compare-values';
import { fieldValues } from './field-values';
import { compileLikePattern } from './like-pattern';
import { parseExpression } from './parser';
import { QueryableClient } from './queryable-client';

/** A parsed expression turned into a predicate: the one evaluator of membership. */
export type ClientPredicate = (client: QueryableClient) => boolean;

/** Parses and compiles; bad input raises ParseError only. */
export function compileQuery(source: string): ClientPredicate {
  return compileExpression(parseExpression(source));
}

/**
 * Comparisons follow SQL's treatment of a missing value: no comparison holds for it (so
 * `domain != 'x'` leaves out clients without a domain), only IS NULL sees it. A multi-valued
 * field matches when any of its values does; `!=` holds when there are values and none equals.
 */
export function compileExpression(expression: Expression): ClientPredicate {
  switch (expression.kind) {
    case 'and': {
      const left = compileExpression(expression.left);
      const right = compileExpression(expression.right);
      return (client) => left(client) && right(client);
    }
    case 'or': {
      const left = compileExpression(expression.left);
      const right = compileExpression(expression.right);
      return (client) => left(client) || right(client);
    }
    case 'not': {
      const operand = compileExpression(expression.operand);
      return (client) => !operand(client);
    }
    case 'compare': {
      const compare = comparatorFor(expression.field, expression.value);
      const operator = expression.operator;
      if (operator === '!=') {
        return values(expression.field, (all) => all.length > 0 && !all.some((value) => compare(value) === 0));
      }
      return anyValue(expression.field, (value) => {
        const order = compare(value);
        return order !== undefined && holds(operator, order);
      });
    }
    case 'in': {
      const comparators = expression.values.map((literal) => comparatorFor(expression.field, literal));
      return anyValue(expression.field, (value) => comparators.some((compare) => compare(value) === 0));
    }
    case 'contains': {
      const compare = comparatorFor(expression.field, expression.value);
      return anyValue(expression.field, (value) => compare(value) === 0);
    }
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

/**
 * Single-valued fields and top-level scalar inventory values skip building the value list: full
 * evaluation runs this clients × rules times. The result is the same as through fieldValues.
 */
function anyValue(field: FieldRef, test: (value: unknown) => boolean): ClientPredicate {
  if (field.kind === 'fixed' && field.name !== 'ipAddress') {
    const single = singleValue(field.name);
    return (client) => {
      const value = single(client);
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

function singleValue(name: Exclude<FixedField, 'ipAddress'>): (client: QueryableClient) => unknown {
  switch (name) {
    case 'name':
      return (client) => client.name;
    case 'domain':
      return (client) => client.domain;
    case 'siteCode':
      return (client) => client.siteCode;
    case 'os.name':
      return (client) => client.os.name;
    case 'os.version':
      return (client) => client.os.version;
    case 'os.arch':
      return (client) => client.os.arch;
    case 'lastSeenAt':
      return (client) => fieldValues({ kind: 'fixed', name }, client)[0];
  }
}

function values(field: FieldRef, test: (all: readonly unknown[]) => boolean): ClientPredicate {
  return (client) => test(fieldValues(field, client));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
