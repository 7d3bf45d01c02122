import { Module } from '@nestjs/common';
import { ClientMeteringController } from './client-metering.controller';
import { ClientMeteringService } from './client-metering.service';
import { UsageMetrics } from './usage.metrics';

@Module({
  controllers: [ClientMeteringController],
  providers: [ClientMeteringService, UsageMetrics],
})
export class ClientMeteringModule {}
