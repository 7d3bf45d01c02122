import { Injectable } from '@nestjs/common';
import { ClientEventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';

/**
 * Keeps each client's site and addresses, which decide the order of its content locations, and
 * whether targeting blocked or deleted it (such a client gets no content locations) or gave it a
 * new key (tokens of the old one get none).
 */
@Injectable()
export class TargetingClientsHandler implements EventHandler {
  readonly purpose = 'targeting-clients';
  readonly topics = [TOPICS.targetingClients];

  async handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    // Raw SQL: projection: an upsert (ON CONFLICT; a key generation only grows), a delete by key and an insert-once, one statement each.
    switch (event.type) {
      case ClientEventTypes.clientRegistered:
      case ClientEventTypes.clientInventoryChanged:
      case ClientEventTypes.clientUpdated: {
        const client = event.data;
        await manager.query(
          `INSERT INTO known_client (id, site_code, ip_addresses, blocked, key_generation) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET site_code = $2, ip_addresses = $3, blocked = $4, updated_at = now(),
             key_generation = GREATEST(known_client.key_generation, $5)`,
          [client.id, client.siteCode, client.ipAddresses, client.blocked, client.keyGeneration ?? 0],
        );
        return;
      }
      case ClientEventTypes.clientDeleted:
        await manager.query(`DELETE FROM known_client WHERE id = $1`, [event.data.id]);
        await manager.query(`INSERT INTO deleted_client (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [event.data.id]);
        return;
      default:
        return;
    }
  }
}
