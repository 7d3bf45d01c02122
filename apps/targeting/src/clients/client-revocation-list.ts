import { Injectable } from '@nestjs/common';
import { ClientCredentialStatus, ClientRevocationList, credentialStatus } from '@sdp/auth';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Blocked and deleted clients, and tokens of a key a client has replaced, read from the client
 * table on every request so they take effect at once here (other services learn them from events).
 */
@Injectable()
export class BlockedClients implements ClientRevocationList {
  constructor(private readonly dataSource: DataSource) {}

  async statusOf(clientId: string, keyGeneration: number): Promise<ClientCredentialStatus> {
    if (!UUID.test(clientId)) {
      return 'blocked';
    }
    // Raw SQL: the revocation read of every authenticated request: two columns by key, no entity built.
    const rows: { blocked: boolean; keyGeneration: number }[] = await this.dataSource.query(
      'SELECT blocked, key_generation AS "keyGeneration" FROM client WHERE id = $1',
      [clientId],
    );
    return credentialStatus(rows[0] ?? { blocked: true, keyGeneration: 0 }, keyGeneration);
  }
}
