import { ClientRevocationList } from '@sdp/auth';
import { DataSource } from 'typeorm';

/** How stale the set of blocked clients may be; a block takes effect within this time. */
export const REVOCATION_REFRESH_MS = 2000;

/**
 * Blocked clients, as targeting announced them, get 403 on every client endpoint. The set is
 * small and read again at most every REVOCATION_REFRESH_MS, so a policy poll costs no query for
 * it; every instance reads the same table, so all see a block within that time.
 */
export function clientRevocationsFrom(dataSource: DataSource): ClientRevocationList {
  let blocked = new Set<string>();
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM known_client WHERE blocked`);
    blocked = new Set(rows.map((row) => row.id));
    readAt = performance.now();
  };
  return {
    isRevoked: async (clientId) => {
      if (performance.now() - readAt > REVOCATION_REFRESH_MS) {
        reading ??= refresh().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return blocked.has(clientId);
    },
  };
}
