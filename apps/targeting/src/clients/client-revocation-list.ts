import { Injectable } from '@nestjs/common';
import { ClientCredentialStatus, ClientRevocationList, credentialStatus } from '@sdp/auth';
import { GroupCommit } from '@sdp/persistence';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Credentials {
  readonly blocked: boolean;
  readonly keyGeneration: number;
}

/** A deleted client, or one that never was: refused like a blocked one. */
const UNKNOWN: Credentials = { blocked: true, keyGeneration: 0 };

/**
 * Blocked and deleted clients, and tokens of a key a client has replaced, read from the client
 * table on every request so they take effect at once here (other services learn them from events).
 * The reads of concurrent requests go together, one statement for them all; each is made after
 * its request came, so a change committed before it is always seen.
 */
@Injectable()
export class BlockedClients implements ClientRevocationList {
  private readonly reads = new GroupCommit<string, Credentials>({
    handle: async (clientIds) => {
      // Raw SQL: the revocation read of every authenticated request: two columns by key, no entity built; any number of clients (ANY).
      const rows: ({ id: string } & Credentials)[] = await this.dataSource.query(
        'SELECT id, blocked, key_generation AS "keyGeneration" FROM client WHERE id = ANY($1::uuid[])',
        [clientIds],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return clientIds.map((clientId) => ({ ok: true, value: byId.get(clientId) ?? UNKNOWN }));
    },
    // No delay: the reads that arrive together go together; a request alone is not held back.
    maxItems: 100,
    maxInFlight: 2,
  });

  constructor(private readonly dataSource: DataSource) {}

  async statusOf(clientId: string, keyGeneration: number): Promise<ClientCredentialStatus> {
    if (!UUID.test(clientId)) {
      return 'blocked';
    }
    return credentialStatus(await this.reads.submit(clientId.toLowerCase()), keyGeneration);
  }
}
