import { Module } from '@nestjs/common';
import { RetryFailedController } from './retry-failed.controller';
import { RetryFailedService } from './retry-failed.service';

@Module({
  controllers: [RetryFailedController],
  providers: [RetryFailedService],
})
export class RetriesModule {}
