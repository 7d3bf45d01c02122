import { Module } from '@nestjs/common';
import { ClientEventsConsumer } from '../clients/client-events.consumer';
import { DistributionPointsModule } from '../distribution-points/distribution-points.module';
import { ContentLocationsController } from './content-locations.controller';
import { ContentLocationsService } from './content-locations.service';

@Module({
  imports: [DistributionPointsModule],
  controllers: [ContentLocationsController],
  providers: [ContentLocationsService, ClientEventsConsumer],
})
export class ContentLocationsModule {}
