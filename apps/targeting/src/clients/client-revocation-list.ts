import { Injectable } from '@nestjs/common';
import { ClientRevocationList } from '@sdp/auth';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Blocked clients, read from the client table on every request so a block takes effect at once. */
@Injectable()
export class BlockedClients implements ClientRevocationList {
  constructor(private readonly dataSource: DataSource) {}

  async isRevoked(clientId: string): Promise<boolean> {
    if (!UUID.test(clientId)) {
      return true;
    }
    const rows: { blocked: boolean }[] = await this.dataSource.query('SELECT blocked FROM client WHERE id = $1', [clientId]);
    return rows[0]?.blocked ?? false;
  }
}
