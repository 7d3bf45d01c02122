import { Module } from '@nestjs/common';
import { knownClientRevocationsProvider } from '@sdp/service';
import { DistributionPointsModule } from '../distribution-points/distribution-points.module';
import { ContentLocationsController } from './content-locations.controller';
import { ContentLocationsService } from './content-locations.service';

@Module({
  imports: [DistributionPointsModule],
  controllers: [ContentLocationsController],
  // Blocked and deleted clients, as targeting announced them, get 403 (tokens of a replaced key 401) on content locations.
  providers: [ContentLocationsService, knownClientRevocationsProvider],
})
export class ContentLocationsModule {}
