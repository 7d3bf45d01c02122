import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientData, ClientDeletedData, ClientEventTypes, CloudEvent, TOPICS } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { EntityManager } from 'typeorm';
import { ReplicationConfig } from '../config';
import { REPLICATION_CONFIG } from '../replication-config';

/**
 * Keeps each client's site and addresses, which decide the order of its content locations, and
 * whether targeting blocked or deleted it (such a client gets no content locations) or gave it a
 * new key (tokens of the old one get none).
 */
@Injectable()
export class ClientEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    @Inject(REPLICATION_CONFIG) private readonly config: ReplicationConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: `${this.config.KAFKA_CONSUMER_GROUP_PREFIX}.targeting-clients`,
      topics: [TOPICS.targetingClients],
      handle: (event, manager) => this.handle(event, manager),
    });
  }

  async handle(event: CloudEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case ClientEventTypes.clientRegistered:
      case ClientEventTypes.clientInventoryChanged:
      case ClientEventTypes.clientUpdated: {
        const client = event.data as ClientData;
        await manager.query(
          `INSERT INTO known_client (id, site_code, ip_addresses, blocked, key_generation) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET site_code = $2, ip_addresses = $3, blocked = $4, updated_at = now(),
             key_generation = GREATEST(known_client.key_generation, $5)`,
          [client.id, client.siteCode, client.ipAddresses, client.blocked, client.keyGeneration ?? 0],
        );
        return;
      }
      case ClientEventTypes.clientDeleted:
        await manager.query(`DELETE FROM known_client WHERE id = $1`, [(event.data as ClientDeletedData).id]);
        await manager.query(`INSERT INTO deleted_client (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [(event.data as ClientDeletedData).id]);
        return;
      default:
        return;
    }
  }
}
