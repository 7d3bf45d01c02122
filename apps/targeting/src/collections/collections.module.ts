import { Module } from '@nestjs/common';
import { MembershipModule } from '../membership/membership.module';
import { CollectionsController } from './collections.controller';
import { CollectionsService } from './collections.service';
import { FullEvaluationScheduler } from './full-evaluation.scheduler';
import { MembershipQueriesService } from './membership-queries.service';

@Module({
  imports: [MembershipModule],
  controllers: [CollectionsController],
  providers: [CollectionsService, MembershipQueriesService, FullEvaluationScheduler],
  exports: [CollectionsService, MembershipQueriesService],
})
export class CollectionsModule {}
