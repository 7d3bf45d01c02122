import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CLIENT_REVOCATION_LIST, REVOKED_CLIENTS_QUERY, revokedClientsFrom } from '@sdp/auth';
import { DataSource } from 'typeorm';
import { ClientEventsConsumer } from '../clients/client-events.consumer';
import { DistributionPointsModule } from '../distribution-points/distribution-points.module';
import { ContentLocationsController } from './content-locations.controller';
import { ContentLocationsService } from './content-locations.service';

@Module({
  imports: [DistributionPointsModule],
  controllers: [ContentLocationsController],
  providers: [
    ContentLocationsService,
    ClientEventsConsumer,
    {
      // Blocked and deleted clients, as targeting announced them, get 403 (tokens of a replaced key 401) on content locations.
      provide: CLIENT_REVOCATION_LIST,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) =>
        revokedClientsFrom(() => dataSource.query(REVOKED_CLIENTS_QUERY)),
    },
  ],
})
export class ContentLocationsModule {}
