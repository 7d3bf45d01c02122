/**
 * TypeORM's postgres `query()` returns the rows for SELECT and INSERT but `[rows, rowCount]`
 * for UPDATE and DELETE (also with RETURNING); this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** The affected row count of an UPDATE or DELETE run through TypeORM's `query()`. */
export function affectedCount(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
