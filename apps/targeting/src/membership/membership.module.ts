import { Module } from '@nestjs/common';
import { MembershipService } from './membership.service';
import { SnapshotRequestsConsumer } from './snapshot-requests.consumer';

@Module({ providers: [MembershipService, SnapshotRequestsConsumer], exports: [MembershipService] })
export class MembershipModule {}
