import { ClientRevocationList } from './client-token';

/** How stale a service's set of revoked clients may be; a block or delete takes effect within this time. */
export const REVOCATION_REFRESH_MS = 2000;

/**
 * The revocation list of a service that learns of blocked and deleted clients from targeting's
 * events: `readRevokedIds` reads the IDs from the service's own projection. The set is small and
 * read again at most every REVOCATION_REFRESH_MS, so a client request costs no query for it; every
 * instance reads the same table, so all refuse a revoked client within that time.
 */
export function revokedClientsFrom(readRevokedIds: () => Promise<string[]>, refreshMs = REVOCATION_REFRESH_MS): ClientRevocationList {
  let revoked = new Set<string>();
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    revoked = new Set(await readRevokedIds());
    readAt = performance.now();
  };
  return {
    isRevoked: async (clientId) => {
      if (performance.now() - readAt > refreshMs) {
        reading ??= refresh().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return revoked.has(clientId);
    },
  };
}
