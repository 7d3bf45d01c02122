import { Module } from '@nestjs/common';
import { RolloutModule } from '../rollout/rollout.module';
import { StatusController } from './status.controller';
import { StatusMetrics } from './status.metrics';
import { StatusService } from './status.service';

@Module({
  imports: [RolloutModule],
  controllers: [StatusController],
  providers: [StatusMetrics, StatusService],
})
export class StatusModule {}
