import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, EventTypes, MembershipSnapshotRequestedData, TOPICS } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { EntityManager } from 'typeorm';
import { TARGETING_CONFIG } from '../common/targeting-config.module';
import { TargetingConfig } from '../config';
import { MembershipService } from './membership.service';

/**
 * Answers a consumer that saw a gap in a collection's membership deltas with a snapshot of the
 * collection now, instead of at its next scheduled full evaluation. A collection deleted since
 * has nothing to send; one that never had a member is an empty snapshot at version 0.
 */
@Injectable()
export class SnapshotRequestsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly membership: MembershipService,
    @Inject(TARGETING_CONFIG) private readonly config: TargetingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: `${this.config.KAFKA_CONSUMER_GROUP_PREFIX}.membership-requests`,
      topics: [TOPICS.advertisementMembershipRequests],
      handle: (event, manager) => this.handle(event, manager),
    });
  }

  async handle(event: CloudEvent, manager: EntityManager): Promise<void> {
    if (event.type !== EventTypes.advertisement.membershipSnapshotRequested) return;
    const { collectionId } = event.data as MembershipSnapshotRequestedData;
    await this.membership.publishSnapshots(manager, [collectionId]);
  }
}
