import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLIENT_REVOCATION_LIST, REVOKED_CLIENTS_QUERY, revokedClientsFrom } from '@sdp/auth';
import { TOPICS } from '@sdp/contracts';
import { EventConsumers, Outbox } from '@sdp/messaging';
import { CONSUMER_GROUP_PREFIX } from './consumer-group';
import { applyCatalogEvent } from './catalog.projection';
import { applyReplicationEvent } from './replication.projection';
import { applyTargetingEvent } from './targeting.projection';

/** What this service knows of other services, kept from their events (one consumer group each). */
@Module({
  providers: [
    {
      // Blocked and deleted clients, as targeting announced them, get 403 (tokens of a replaced key 401) on every client endpoint.
      provide: CLIENT_REVOCATION_LIST,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) =>
        revokedClientsFrom(() => dataSource.query(REVOKED_CLIENTS_QUERY)),
    },
  ],
})
export class KnowledgeModule implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly outbox: Outbox,
    @Inject(CONSUMER_GROUP_PREFIX) private readonly groupPrefix: string,
  ) {}

  onModuleInit(): void {
    this.consumers.register({ groupId: `${this.groupPrefix}.catalog`, topics: [TOPICS.catalogPackages], handle: applyCatalogEvent });
    this.consumers.register({
      groupId: `${this.groupPrefix}.targeting`,
      topics: [TOPICS.targetingClients, TOPICS.targetingCollections, TOPICS.targetingMembership],
      handle: (event, manager) => applyTargetingEvent(event, manager, this.outbox),
    });
    this.consumers.register({
      groupId: `${this.groupPrefix}.replication`,
      topics: [TOPICS.replicationPackageStatus, TOPICS.replicationDistributionPoints],
      handle: applyReplicationEvent,
    });
  }
}
