import { ClientCredentialStatus, ClientRevocationList } from './client-token';

/** How stale a service's revocations may be; a block, delete or new key takes effect within this time. */
export const REVOCATION_REFRESH_MS = 2000;

/**
 * A client whose tokens a service may no longer accept, or only some of them: blocked (or deleted)
 * clients none, a client that got a new key only those of its current key generation.
 */
export interface ClientRevocation {
  readonly id: string;
  readonly blocked: boolean;
  readonly keyGeneration: number;
}

/**
 * The revocation list of a service that learns of blocked, deleted and re-keyed clients from
 * targeting's events: `readRevocations` reads them from the service's own projection (only those
 * clients, not all). The list is small and read again at most every REVOCATION_REFRESH_MS, so a
 * client request costs no query for it; every instance reads the same table, so all refuse a
 * revoked token within that time.
 */
export function revokedClientsFrom(readRevocations: () => Promise<ClientRevocation[]>, refreshMs = REVOCATION_REFRESH_MS): ClientRevocationList {
  let revocations = new Map<string, ClientRevocation>();
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    revocations = new Map((await readRevocations()).map((revocation) => [revocation.id, revocation]));
    readAt = performance.now();
  };
  return {
    statusOf: async (clientId, keyGeneration) => {
      if (performance.now() - readAt > refreshMs) {
        reading ??= refresh().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return credentialStatus(revocations.get(clientId), keyGeneration);
    },
  };
}

/** What a token of `keyGeneration` is worth for a client whose revocation is `revocation` (none: valid). */
export function credentialStatus(revocation: Omit<ClientRevocation, 'id'> | undefined, keyGeneration: number): ClientCredentialStatus {
  if (!revocation) {
    return 'valid';
  }
  if (revocation.blocked) {
    return 'blocked';
  }
  return keyGeneration < revocation.keyGeneration ? 'superseded' : 'valid';
}

/**
 * The one query of a service's projection of targeting's client events (tables `known_client`
 * with `blocked` and `key_generation`, and `deleted_client`) that feeds `revokedClientsFrom`.
 */
export const REVOKED_CLIENTS_QUERY = `SELECT id::text AS id, blocked, key_generation AS "keyGeneration" FROM known_client WHERE blocked OR key_generation > 0
  UNION ALL SELECT id::text, true, 0 FROM deleted_client`;
