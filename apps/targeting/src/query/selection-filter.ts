import { Expression, operandsOf } from './ast';
import { DirectComparison, directComparisonOf, orderHolds, ownValue } from './direct-comparison';
import type { PreparedPredicate } from './evaluator';
import { PreparedClient } from './prepared-client';

/**
 * A query over many clients at once, for full evaluation: keeps, of the client indexes
 * selection[0 … count) (ascending, into columns.clients), those the query matches, in order and
 * in place, and returns how many it kept. The answer for each client is the query's per-client
 * test's (membership.spec and selection-filter.spec compare them).
 */
export type SelectionFilter = (selection: Int32Array, count: number, columns: ClientColumns) => number;

/**
 * The clients of one full evaluation read field by field: every client's value of a field in one
 * array, read once per evaluation however many rules compare it, so a comparison over all
 * clients is one tight loop instead of a call and a property lookup per client.
 */
export class ClientColumns {
  private readonly fixedColumns = new Map<keyof PreparedClient, readonly unknown[]>();
  private readonly inventoryColumns = new Map<string, readonly unknown[]>();

  constructor(readonly clients: readonly PreparedClient[]) {}

  /** Each client's value of one of its own properties. */
  fixed(property: keyof PreparedClient): readonly unknown[] {
    let column = this.fixedColumns.get(property);
    if (column === undefined) {
      column = this.clients.map((client) => client[property]);
      this.fixedColumns.set(property, column);
    }
    return column;
  }

  /** Each client's top-level inventory value under exactly this key (undefined when it has none). */
  inventory(key: string): readonly unknown[] {
    let column = this.inventoryColumns.get(key);
    if (column === undefined) {
      column = this.clients.map((client) => ownValue(client.inventory, key));
      this.inventoryColumns.set(key, column);
    }
    return column;
  }
}

/**
 * An AND chain narrows the selection operand by operand, left to right, as the per-client test
 * stops at the first operand that fails; a direct comparison is a loop over its column; anything
 * else asks the per-client test (`prepare`) of each selected client.
 */
export function compileSelectionFilter(expression: Expression, prepare: (expression: Expression) => PreparedPredicate): SelectionFilter {
  if (expression.kind === 'and') {
    return allOf(operandsOf(expression, 'and').map((operand) => compileSelectionFilter(operand, prepare)));
  }
  if (expression.kind === 'compare') {
    const direct = directComparisonOf(expression.field, expression.operator, expression.value);
    if (direct !== undefined) {
      return directFilter(direct, prepare(expression));
    }
  }
  return keepWhere(prepare(expression));
}

function allOf(filters: readonly SelectionFilter[]): SelectionFilter {
  return (selection, count, columns) => {
    let kept = count;
    for (let filter = 0; filter < filters.length && kept > 0; filter += 1) {
      kept = filters[filter](selection, kept, columns);
    }
    return kept;
  };
}

function keepWhere(test: PreparedPredicate): SelectionFilter {
  return (selection, count, columns) => {
    const clients = columns.clients;
    let kept = 0;
    for (let position = 0; position < count; position += 1) {
      const index = selection[position];
      if (test(clients[index])) {
        selection[kept++] = index;
      }
    }
    return kept;
  };
}

/** The direct comparison over its column; a value of another type is left to `general`, the comparison's per-client test. */
function directFilter(direct: DirectComparison, general: PreparedPredicate): SelectionFilter {
  switch (direct.kind) {
    case 'text': {
      const { property, right } = direct;
      return (selection, count, columns) => {
        const values = columns.fixed(property);
        let kept = 0;
        for (let position = 0; position < count; position += 1) {
          const index = selection[position];
          if (values[index] === right) {
            selection[kept++] = index;
          }
        }
        return kept;
      };
    }
    case 'inventoryText': {
      const { key, right } = direct;
      return (selection, count, columns) => {
        const values = columns.inventory(key);
        let kept = 0;
        for (let position = 0; position < count; position += 1) {
          const index = selection[position];
          const value = values[index];
          if (typeof value === 'string' ? value === right : general(columns.clients[index])) {
            selection[kept++] = index;
          }
        }
        return kept;
      };
    }
    case 'inventoryOrder': {
      const { key, operator, right } = direct;
      return (selection, count, columns) => {
        const values = columns.inventory(key);
        let kept = 0;
        for (let position = 0; position < count; position += 1) {
          const index = selection[position];
          const value = values[index];
          if (typeof value === 'number' ? orderHolds(operator, value, right) : general(columns.clients[index])) {
            selection[kept++] = index;
          }
        }
        return kept;
      };
    }
  }
}
