import { Module } from '@nestjs/common';
import { RolloutController } from './rollout.controller';
import { RolloutGates } from './rollout-gates';
import { RolloutService } from './rollout.service';

@Module({
  controllers: [RolloutController],
  providers: [RolloutService, RolloutGates],
  exports: [RolloutGates],
})
export class RolloutModule {}
