import { useSession } from '../api/session';
import { ClientData, Page } from '../api/types';
import { useLoad } from '../api/use-load';

/** Targeting answers at most this many IDs in one list request. */
const IDS_PER_REQUEST = 500;

/**
 * The names of a table's clients, in one list request per 500 IDs (never one per row); a client
 * missing from the answer (deleted) has no name.
 */
export function useClientNames(clientIds: readonly string[]): ReadonlyMap<string, string> | undefined {
  const { api } = useSession();
  const unique = [...new Set(clientIds)].sort();
  const key = unique.join(',');
  const names = useLoad(
    async (signal) => {
      const found = new Map<string, string>();
      for (let start = 0; start < unique.length; start += IDS_PER_REQUEST) {
        const ids = unique.slice(start, start + IDS_PER_REQUEST);
        const page = await api.get<Page<ClientData>>('targeting', '/clients', { ids: ids.join(','), limit: IDS_PER_REQUEST }, signal);
        for (const client of page.items) found.set(client.id, client.name);
      }
      return found;
    },
    [api, key],
  );
  return names.data;
}
