import { EntityManager } from 'typeorm';
import { DomainError, ErrorFactory } from './domain-error';

/** How many users a 409 names; the rest are counted. */
export const IN_USE_NAMED_LIMIT = 20;

/** What still uses an object: the first IN_USE_NAMED_LIMIT of them by ID, and how many there are in all. */
export interface Users {
  /** Plural noun, e.g. `advertisements`. */
  kind: string;
  ids: string[];
  total: number;
}

/**
 * The users `sql` selects (one column, `id`), the first IN_USE_NAMED_LIMIT in ID order, and
 * their number.
 */
export async function findUsers(manager: EntityManager, kind: string, sql: string, parameters: unknown[]): Promise<Users> {
  const rows: { id: string; total: number }[] = await manager.query(
    `SELECT id, count(*) OVER ()::int AS total FROM (${sql}) AS users ORDER BY id LIMIT ${IN_USE_NAMED_LIMIT}`,
    parameters,
  );
  return { kind, ids: rows.map((row) => row.id), total: rows[0]?.total ?? 0 };
}

/** `advertisements S0100002, S0100003 and 4 more` */
export function describeUsers(users: Users): string {
  const more = users.total - users.ids.length;
  return `${users.kind} ${users.ids.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * 409 for deleting something that is still used, with the feature's code (`PACKAGE_IN_USE`, a
 * conflict declared with declareError): the message names the object, its users and what to do;
 * `details` holds the same under the request field that named it.
 */
export function inUseConflict(inUse: ErrorFactory, field: string, object: string, users: Users, remedy: string): DomainError {
  const usedBy = `used by ${describeUsers(users)}`;
  return inUse(`${object} is ${usedBy}; ${remedy}`, [{ field, problems: [usedBy] }]);
}

/** The OpenAPI schema of inUseConflict's answer, for `@ApiConflictResponse({ schema })`. */
export const IN_USE_CONFLICT_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', example: 'Conflict' },
    code: { type: 'string', example: 'COLLECTION_IN_USE', description: 'The feature\'s in-use code: PACKAGE_IN_USE, PROGRAM_IN_USE, COLLECTION_IN_USE, …' },
    message: {
      type: 'string',
      description: `Names the object, the first ${IN_USE_NAMED_LIMIT} of its users (and how many more) and what to do`,
      example: 'collection S0100004 is used by advertisements S0100007, S0100009; delete them or point them at another collection first',
    },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string', example: 'id' }, problems: { type: 'array', items: { type: 'string' }, example: ['used by advertisements S0100007, S0100009'] } },
      },
    },
  },
};
