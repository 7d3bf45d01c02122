import { Injectable } from '@nestjs/common';
import { ClientEventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';

/**
 * Keeps each client's name, platform and site (which rules it gets, how reports name it), and
 * whether targeting blocked or deleted it or gave it a new key (its tokens are refused).
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
          `INSERT INTO known_client (id, name, os, site_code, blocked, key_generation) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET name = $2, os = $3, site_code = $4, blocked = $5,
             key_generation = GREATEST(known_client.key_generation, $6)`,
          [client.id, client.name, JSON.stringify(client.os), client.siteCode, client.blocked, client.keyGeneration ?? 0],
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
