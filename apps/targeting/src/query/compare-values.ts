import { ComparisonOperator, FieldRef, Literal } from './ast';
import { dottedVersionComparator } from '@sdp/contracts';

/** -1, 0 or 1; undefined when the two cannot be compared (then no operator holds). */
export type ValueComparator = (value: unknown) => number | undefined;

const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * How a field's values compare with one literal: os.version as a dotted version, lastSeenAt as
 * a point in time, inventory values by their JSON type, everything else as case-insensitive text.
 * Values come from a PreparedClient, whose text is lowercased already; the literal is lowercased here.
 */
export function comparatorFor(field: FieldRef, literal: Literal): ValueComparator {
  if (field.kind === 'fixed' && field.name === 'os.version') {
    const compareVersion = dottedVersionComparator(String(literal.value));
    return (value) => (typeof value === 'string' ? compareVersion(value) : undefined);
  }
  if (field.kind === 'fixed' && field.name === 'lastSeenAt') {
    const right = Date.parse(String(literal.value));
    return (value) => (typeof value === 'number' ? sign(value - right) : undefined);
  }
  if (field.kind === 'fixed') {
    const right = String(literal.value).toLowerCase();
    return (value) => (typeof value === 'string' ? compareText(value, right) : undefined);
  }
  return inventoryComparator(literal);
}

/**
 * `comparatorFor(field, literal)(value) === 0`, answered without ordering: `=`, IN and CONTAINS
 * run it clients × rules times in a full evaluation, and text equality is one `===`.
 */
export function equalityFor(field: FieldRef, literal: Literal): (value: unknown) => boolean {
  if (field.kind === 'fixed' && field.name !== 'os.version' && field.name !== 'lastSeenAt') {
    const right = String(literal.value).toLowerCase();
    return (value) => value === right;
  }
  if (field.kind === 'inventory' && literal.type === 'string') {
    const text = literal.value.toLowerCase();
    const number = NUMERIC_TEXT.test(literal.value) ? Number(literal.value) : undefined;
    return (value) => {
      if (typeof value === 'string') {
        return value === text;
      }
      if (typeof value === 'number') {
        return number === undefined ? String(value) === text : value === number;
      }
      return typeof value === 'boolean' && String(value) === text;
    };
  }
  const compare = comparatorFor(field, literal);
  return (value) => compare(value) === 0;
}

/** The test `value <operator> literal` for one of the ordering operators, by the comparator's order. */
export function orderingTest(operator: Exclude<ComparisonOperator, '=' | '!='>, compare: ValueComparator): (value: unknown) => boolean {
  switch (operator) {
    case '<':
      return (value) => (compare(value) ?? 0) < 0;
    case '<=':
      return (value) => {
        const order = compare(value);
        return order !== undefined && order <= 0;
      };
    case '>':
      return (value) => (compare(value) ?? 0) > 0;
    case '>=':
      return (value) => {
        const order = compare(value);
        return order !== undefined && order >= 0;
      };
  }
}

function inventoryComparator(literal: Literal): ValueComparator {
  if (literal.type === 'boolean') {
    return (value) => {
      const flag = typeof value === 'boolean' ? value : typeof value === 'string' ? booleanText(value) : undefined;
      return flag === undefined ? undefined : sign(Number(flag) - Number(literal.value));
    };
  }
  if (literal.type === 'number') {
    return (value) => {
      const number = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : undefined;
      return number === undefined ? undefined : sign(number - literal.value);
    };
  }
  const text = literal.value.toLowerCase();
  const number = NUMERIC_TEXT.test(literal.value) ? Number(literal.value) : undefined;
  return (value) => {
    if (typeof value === 'string') {
      return compareText(value, text);
    }
    if (typeof value === 'number') {
      return number === undefined ? compareText(String(value), text) : sign(value - number);
    }
    if (typeof value === 'boolean') {
      return compareText(String(value), text);
    }
    return undefined;
  };
}

function booleanText(lowercase: string): boolean | undefined {
  return lowercase === 'true' ? true : lowercase === 'false' ? false : undefined;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function sign(difference: number): number {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}
