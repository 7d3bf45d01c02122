import { ComparisonOperator, FieldRef, FixedField, Literal } from './ast';
import { PreparedClient } from './prepared-client';

/** The PreparedClient property of each single-valued field. */
export const SINGLE_VALUED: Record<Exclude<FixedField, 'ipAddress'>, keyof PreparedClient> = {
  name: 'name',
  domain: 'domain',
  siteCode: 'siteCode',
  'os.name': 'osName',
  'os.version': 'osVersion',
  'os.arch': 'osArch',
  lastSeenAt: 'lastSeenAt',
};

type TextField = 'name' | 'domain' | 'siteCode' | 'os.name' | 'os.arch';
/** Fixed fields compared as case-insensitive text (os.version is a dotted version, lastSeenAt a time, ipAddress many values). */
const TEXT_FIELDS: ReadonlySet<FixedField> = new Set<TextField>(['name', 'domain', 'siteCode', 'os.name', 'os.arch']);

export type OrderingOperator = Exclude<ComparisonOperator, '=' | '!='>;

/**
 * The comparisons a full evaluation runs most, clients × rules times, answered by reading the
 * value and comparing it in place instead of a value reader calling a comparator: `=` on a text
 * field (`text`), and `=` or an ordering on a top-level inventory value of the literal's own type,
 * a string with a string (`inventoryText`), a number with a number (`inventoryOrder`). Any other
 * inventory value is left to the general comparison; the answer is the same either way
 * (evaluator.spec compares them). Both the per-client test and the selection filter use this.
 */
export type DirectComparison =
  | { readonly kind: 'text'; readonly property: keyof PreparedClient; readonly right: string }
  | { readonly kind: 'inventoryText'; readonly key: string; readonly right: string }
  | { readonly kind: 'inventoryOrder'; readonly key: string; readonly operator: OrderingOperator; readonly right: number };

/** The direct form of `field <operator> literal`, or undefined when it has none. */
export function directComparisonOf(field: FieldRef, operator: ComparisonOperator, literal: Literal): DirectComparison | undefined {
  if (field.kind === 'fixed' && operator === '=' && TEXT_FIELDS.has(field.name)) {
    return { kind: 'text', property: SINGLE_VALUED[field.name as TextField], right: String(literal.value).toLowerCase() };
  }
  if (field.kind !== 'inventory' || field.path.length !== 1) {
    return undefined;
  }
  const key = field.path[0];
  if (operator === '=' && literal.type === 'string') {
    return { kind: 'inventoryText', key, right: literal.value.toLowerCase() };
  }
  if (operator !== '=' && operator !== '!=' && literal.type === 'number') {
    return { kind: 'inventoryOrder', key, operator, right: literal.value };
  }
  return undefined;
}

/** A top-level inventory value by its exact key; a name only the prototype has is missing. */
export function ownValue(inventory: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(inventory, key) ? inventory[key] : undefined;
}

/** Whether `value <operator> right` holds for two numbers, by the sign of value − right. */
export function orderHolds(operator: OrderingOperator, value: number, right: number): boolean {
  const difference = value - right;
  const order = difference < 0 ? -1 : difference > 0 ? 1 : 0;
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
