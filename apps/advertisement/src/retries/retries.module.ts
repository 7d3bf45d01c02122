import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { RetryFailedController } from './retry-failed.controller';
import { RetryFailedService } from './retry-failed.service';

@Module({
  imports: [PolicyModule],
  controllers: [RetryFailedController],
  providers: [RetryFailedService],
})
export class RetriesModule {}
