import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AdvertisementData, CloudEvent, EventTypes, TOPICS } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { EntityManager } from 'typeorm';
import { CATALOG_CONFIG } from '../catalog-config.module';
import { CatalogConfig } from '../config';

/**
 * Keeps which package each advertisement uses, so deleting a package in use is refused (409).
 * A deletion is kept as a row without package, so an older event delivered late cannot bring the
 * advertisement back: only events with a higher sequence than the last applied one change a row.
 */
@Injectable()
export class AdvertisementUsageConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: `${this.config.KAFKA_CONSUMER_GROUP_PREFIX}.advertisement-usage`,
      topics: [TOPICS.advertisementAdvertisements],
      handle: (event, manager) => applyAdvertisementEvent(event, manager),
    });
  }
}

export async function applyAdvertisementEvent(event: CloudEvent, manager: EntityManager): Promise<void> {
  switch (event.type) {
    case EventTypes.advertisement.advertisementCreated:
    case EventTypes.advertisement.advertisementUpdated:
      await recordUsage(manager, event.subject, (event.data as AdvertisementData).packageId, event.sequence);
      return;
    case EventTypes.advertisement.advertisementDeleted:
      await recordUsage(manager, event.subject, null, event.sequence);
      return;
    default:
      return;
  }
}

async function recordUsage(manager: EntityManager, advertisementId: string, packageId: string | null, sequence: number): Promise<void> {
  await manager.query(
    `INSERT INTO advertisement_usage (advertisement_id, package_id, last_sequence) VALUES ($1, $2, $3)
     ON CONFLICT (advertisement_id) DO UPDATE SET package_id = EXCLUDED.package_id, last_sequence = EXCLUDED.last_sequence
     WHERE advertisement_usage.last_sequence < EXCLUDED.last_sequence`,
    [advertisementId, packageId, sequence],
  );
}
