import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { StatusMetrics } from './status.metrics';
import { StatusService } from './status.service';

@Module({
  controllers: [StatusController],
  providers: [StatusMetrics, StatusService],
})
export class StatusModule {}
