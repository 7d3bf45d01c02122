import { Module } from '@nestjs/common';
import { DistributionRowsModule } from '../replication/distribution-rows/distribution-rows.module';
import { DistributionPointStores } from './distribution-point-stores';
import { DistributionPointsController } from './distribution-points.controller';
import { DistributionPointsService } from './distribution-points.service';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

@Module({
  imports: [DistributionRowsModule],
  controllers: [DistributionPointsController, GroupsController],
  providers: [DistributionPointsService, GroupsService, DistributionPointStores],
  exports: [DistributionPointStores],
})
export class DistributionPointsModule {}
