import { Injectable } from '@nestjs/common';
import { ClientEventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { installedSoftwareOf } from './installed-software';

/**
 * Keeps each client's name, platform and site (which rules it gets, how reports name it), and
 * whether targeting blocked or deleted it or gave it a new key (its tokens are refused), and the
 * software its last inventory lists (which computers have a metered product installed).
 */
@Injectable()
export class TargetingClientsHandler implements EventHandler {
  readonly purpose = 'targeting-clients';
  readonly topics = [TOPICS.targetingClients];

  async handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    // Raw SQL: projection: an upsert (ON CONFLICT; a key generation only grows), a delete by key,
    // an insert-once, and a client's installed software replaced by a delete and one set insert.
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
        // Every client event carries the whole inventory: what it lists replaces what was known.
        const software = installedSoftwareOf(client.inventory);
        await manager.query(`DELETE FROM installed_software WHERE client_id = $1`, [client.id]);
        if (software.length > 0) {
          await manager.query(
            `INSERT INTO installed_software (client_id, name, version, publisher, source)
             SELECT $1, s.name, s.version, s.publisher, s.source FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s (name, version, publisher, source)`,
            [client.id, software.map((entry) => entry.name), software.map((entry) => entry.version), software.map((entry) => entry.publisher), software.map((entry) => entry.source)],
          );
        }
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
