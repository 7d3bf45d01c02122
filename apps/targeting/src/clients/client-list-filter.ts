import { osNameSchema, SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { isUUID } from 'class-validator';

export const CLIENT_APPROVALS = ['approved', 'pending', 'blocked'] as const;
export const CLIENT_SORTS = ['name', 'os', 'siteCode', 'lastSeenAt', 'registeredAt'] as const;
export const CLIENT_SORT_ORDERS = ['asc', 'desc'] as const;
/** One page of a table names at most this many clients (MAX_PAGE_SIZE). */
export const MAX_CLIENT_IDS = 500;

export type ClientApproval = (typeof CLIENT_APPROVALS)[number];
/** `id` when no sort is asked for: the order the list has always had. */
export type ClientSort = (typeof CLIENT_SORTS)[number] | 'id';
export type ClientSortOrder = (typeof CLIENT_SORT_ORDERS)[number];

/** The list's filters and order, read and checked. */
export interface ClientListFilter {
  /** Lower-cased; matched as a substring of lower(name). */
  name?: string;
  os?: string;
  collectionId?: string;
  siteCode?: string;
  lastSeenAfter?: Date;
  lastSeenBefore?: Date;
  approval?: ClientApproval;
  ids?: string[];
  sort: ClientSort;
  order: ClientSortOrder;
}

export type ClientListParameters = Partial<Record<'name' | 'os' | 'collectionId' | 'siteCode' | 'lastSeenAfter' | 'lastSeenBefore' | 'approval' | 'ids' | 'sort' | 'order', string>>;

const ISO_TIME = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An ISO-8601 time with an offset that names a real moment PostgreSQL takes as it is: no 30
 * February or 24:00 (which JavaScript would roll over to another day), no year 0.
 */
export function parseIsoTime(value: string): Date | undefined {
  const match = ISO_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(value);
  const realDay = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  return year >= 1 && realDay && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
}
const SITE_CODE = /^[A-Z0-9]{3}$/;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw ruleViolation(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function time(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIsoTime(value);
  if (parsed === undefined) {
    throw ruleViolation(field, 'must be an ISO-8601 time with an offset, e.g. 2026-03-02T22:00:00Z');
  }
  return parsed;
}

function matching(field: string, value: string | undefined, pattern: RegExp, why: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) throw ruleViolation(field, why);
  return value;
}

function clientIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = [...new Set(value.split(',').map((id) => id.trim().toLowerCase()))];
  if (ids.length > MAX_CLIENT_IDS) throw ruleViolation('ids', `at most ${MAX_CLIENT_IDS} client IDs`);
  if (ids.some((id) => !isUUID(id))) throw ruleViolation('ids', 'must be client IDs (UUIDs) separated by commas');
  return ids;
}

/** Reads the list's filter parameters; a value none of them allows is 422 naming the parameter. */
export function parseClientListFilter(parameters: ClientListParameters): ClientListFilter {
  const name = parameters.name;
  if (name !== undefined && name.trim() === '') throw ruleViolation('name', 'must not be empty');
  const filter: ClientListFilter = {
    name: name?.toLowerCase(),
    os: oneOf('os', parameters.os, osNameSchema.options),
    collectionId: matching('collectionId', parameters.collectionId, SITE_OBJECT_ID_PATTERN, 'must be a collection ID such as SMS00001'),
    siteCode: matching('siteCode', parameters.siteCode, SITE_CODE, 'must be three upper-case letters or digits, e.g. S01'),
    lastSeenAfter: time('lastSeenAfter', parameters.lastSeenAfter),
    lastSeenBefore: time('lastSeenBefore', parameters.lastSeenBefore),
    approval: oneOf('approval', parameters.approval, CLIENT_APPROVALS),
    ids: clientIds(parameters.ids),
    sort: oneOf('sort', parameters.sort, CLIENT_SORTS) ?? 'id',
    order: oneOf('order', parameters.order, CLIENT_SORT_ORDERS) ?? 'asc',
  };
  if (filter.lastSeenAfter && filter.lastSeenBefore && filter.lastSeenAfter >= filter.lastSeenBefore) {
    throw ruleViolation('lastSeenBefore', 'must be later than lastSeenAfter');
  }
  return filter;
}

/** `%`, `_` and `\` are text in a name filter, not LIKE wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Where a page ends: the last client's ID and, when sorted, its sort key (lower-cased name, OS,
 * site code or ISO time). The sort and order are in it, so a cursor of another order is refused.
 */
export interface ClientListPosition {
  id: string;
  sort?: ClientSort;
  order?: ClientSortOrder;
  key?: string;
}

export function isPositionOf(filter: ClientListFilter): (value: unknown) => value is ClientListPosition {
  return (value: unknown): value is ClientListPosition => {
    if (typeof value !== 'object' || value === null) return false;
    const position = value as Record<string, unknown>;
    if (typeof position.id !== 'string' || !isUUID(position.id)) return false;
    if (filter.sort === 'id' && filter.order === 'asc' && position.sort === undefined) return true;
    if (position.sort !== filter.sort || position.order !== filter.order) return false;
    if (filter.sort === 'id') return true;
    if (typeof position.key !== 'string') return false;
    // A time key is as the list wrote it: an instant's toISOString().
    return filter.sort === 'lastSeenAt' || filter.sort === 'registeredAt' ? parseIsoTime(position.key)?.toISOString() === position.key : true;
  };
}
