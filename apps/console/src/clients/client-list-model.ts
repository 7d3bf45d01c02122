import { ClientData } from '../api/types';

export type Approval = 'approved' | 'pending' | 'blocked';
export type SortColumn = 'name' | 'os' | 'siteCode' | 'lastSeenAt' | 'registeredAt';
export type SortOrder = 'asc' | 'desc';

/** The client list's filters as typed: every field empty means "any". */
export interface ClientFilters {
  name: string;
  os: string;
  collectionId: string;
  siteCode: string;
  /** `<input type="datetime-local">` values, in the browser's time zone. */
  lastSeenAfter: string;
  lastSeenBefore: string;
  approval: '' | Approval;
  /** A collection query expression, for what the fields above cannot say. */
  query: string;
}

export interface ClientSort {
  column: SortColumn;
  order: SortOrder;
}

export const NO_FILTERS: ClientFilters = { name: '', os: '', collectionId: '', siteCode: '', lastSeenAfter: '', lastSeenBefore: '', approval: '', query: '' };

/** A datetime-local value as the ISO instant targeting takes; undefined when empty or not a time. */
export function isoOfLocal(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The query of targeting's GET /clients for these filters and this order (empty filters are left out; no order: the service's). */
export function clientListParams(filters: ClientFilters, sort: ClientSort | null): Record<string, string | undefined> {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    name: text(filters.name),
    os: text(filters.os),
    collectionId: text(filters.collectionId),
    siteCode: text(filters.siteCode)?.toUpperCase(),
    lastSeenAfter: isoOfLocal(filters.lastSeenAfter),
    lastSeenBefore: isoOfLocal(filters.lastSeenBefore),
    approval: filters.approval || undefined,
    query: text(filters.query),
    sort: sort?.column,
    order: sort?.order,
  };
}

/** A click on a column's header: the same column turns its order around, another one starts ascending. */
export function nextSort(current: ClientSort | null, column: SortColumn): ClientSort {
  if (current?.column === column) return { column, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { column, order: 'asc' };
}

/** The header's aria-sort value for a column. */
export function ariaSort(current: ClientSort | null, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if (current?.column !== column) return 'none';
  return current.order === 'asc' ? 'ascending' : 'descending';
}

/** Which approval filter a client falls under: blocked wins over approved, as targeting refuses a blocked client. */
export function approvalOf(client: Pick<ClientData, 'approved' | 'blocked'>): Approval {
  if (client.blocked) return 'blocked';
  return client.approved ? 'approved' : 'pending';
}

export function hasFilters(filters: ClientFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}
