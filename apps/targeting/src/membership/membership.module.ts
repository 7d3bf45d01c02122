import { Module } from '@nestjs/common';
import { MembershipPublisher } from './membership-publisher';
import { MembershipService } from './membership.service';

@Module({ providers: [MembershipService, MembershipPublisher], exports: [MembershipService, MembershipPublisher] })
export class MembershipModule {}
