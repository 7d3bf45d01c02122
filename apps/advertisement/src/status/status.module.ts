import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { RolloutModule } from '../rollout/rollout.module';
import { ClientAdvertisementsController } from './client-advertisements.controller';
import { ClientAdvertisementsService } from './client-advertisements.service';
import { StatusController } from './status.controller';
import { StatusMetrics } from './status.metrics';
import { StatusService } from './status.service';

@Module({
  imports: [RolloutModule, PolicyModule],
  controllers: [StatusController, ClientAdvertisementsController],
  providers: [StatusMetrics, StatusService, ClientAdvertisementsService],
})
export class StatusModule {}
