import { Injectable } from '@nestjs/common';
import { EventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { MembershipService } from '../membership/membership.service';

/**
 * Answers a consumer that saw a gap in a collection's membership deltas with a snapshot of the
 * collection now, instead of at its next scheduled full evaluation. A collection deleted since
 * has nothing to send; one that never had a member is an empty snapshot at version 0.
 */
@Injectable()
export class MembershipRequestsHandler implements EventHandler {
  readonly purpose = 'membership-requests';
  readonly topics = [TOPICS.advertisementMembershipRequests];

  constructor(private readonly membership: MembershipService) {}

  async handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    if (event.type !== EventTypes.advertisement.membershipSnapshotRequested) return;
    await this.membership.publishSnapshots(manager, [event.data.collectionId]);
  }
}
