import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { applyAdvertisementUsageEvent } from '@sdp/service';
import { CATALOG_CONFIG } from '../catalog-config.module';
import { CatalogConfig } from '../config';

/** Keeps which package and program each advertisement uses, so deleting one in use is refused (409). */
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
      handle: applyAdvertisementUsageEvent,
    });
  }
}
