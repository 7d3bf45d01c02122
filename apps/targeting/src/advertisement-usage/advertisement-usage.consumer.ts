import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { applyAdvertisementUsageEvent } from '@sdp/service';
import { TARGETING_CONFIG } from '../common/targeting-config.module';
import { TargetingConfig } from '../config';

/**
 * Keeps which collection each advertisement targets and whether it keeps to maintenance windows,
 * so deleting a collection or window in use is refused (409).
 */
@Injectable()
export class AdvertisementUsageConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    @Inject(TARGETING_CONFIG) private readonly config: TargetingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: `${this.config.KAFKA_CONSUMER_GROUP_PREFIX}.advertisement-usage`,
      topics: [TOPICS.advertisementAdvertisements],
      handle: applyAdvertisementUsageEvent,
    });
  }
}
