import { useMemo } from 'react';
import { ServiceName } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { Page } from '../api/types';
import { useLoad } from '../api/use-load';

/** The most one list request returns: the services cap pages at 500. */
const NAMES_PAGE = 500;

export type Names = ReadonlyMap<string, string>;

/**
 * Names for the IDs a page shows (packages, collections, advertisements): one list request, not
 * one per ID. An ID beyond the first page, or before the answer came, stays an ID. With
 * `enabled` false nothing is requested (a conflict banner asks only once there is a conflict).
 */
export function useNames(service: ServiceName, path: string, enabled = true): Names {
  const { api } = useSession();
  const loaded = useLoad(
    (signal) => (enabled ? api.get<Page<{ id: string; name: string }>>(service, path, { limit: NAMES_PAGE }, signal) : Promise.resolve(undefined)),
    [api, service, path, enabled],
  );
  return useMemo(() => new Map((loaded.data?.items ?? []).map((item) => [item.id, item.name])), [loaded.data]);
}

/** Merges name maps, the later winning. */
export function mergeNames(...maps: Names[]): Names {
  return new Map(maps.flatMap((map) => [...map]));
}

/** A 409: the banner that names what is still in use, worth the names of its users. */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/** `“Console Tool” (S0100001)` for an ID with a known name; the ID alone otherwise. */
export function nameAndId(id: string, names: Names): string {
  const name = names.get(id);
  return name === undefined || name === id ? id : `“${name}” (${id})`;
}

/** Every known ID in a service's message written with its name first, e.g. in a 409 banner. */
export function nameIds(text: string, names: Names): string {
  if (names.size === 0) return text;
  return text.replace(/\b[A-Z0-9]{3}[0-9A-F]{5}\b/g, (id) => nameAndId(id, names));
}

/** A cell or row header: the name, then the ID in muted text; the ID alone while no name is known. */
export function NamedId({ id, names }: { id: string; names: Names }) {
  const name = names.get(id);
  if (name === undefined) return <>{id}</>;
  return (
    <>
      {name} <span className="muted">{id}</span>
    </>
  );
}
