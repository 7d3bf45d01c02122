import { Module } from '@nestjs/common';
import { ClientMeteringController } from './client-metering.controller';
import { ClientMeteringService } from './client-metering.service';

@Module({
  controllers: [ClientMeteringController],
  providers: [ClientMeteringService],
})
export class ClientMeteringModule {}
