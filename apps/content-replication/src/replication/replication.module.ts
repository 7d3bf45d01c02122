import { Module } from '@nestjs/common';
import { CatalogEventsConsumer } from '../catalog-projection/catalog-events.consumer';
import { DistributionPointsModule } from '../distribution-points/distribution-points.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { DistributionRowsModule } from './distribution-rows.module';
import { JobOutcomes } from './job-outcomes';
import { ReplicationWorker } from './replication-worker';
import { ReplicationMetrics } from './replication.metrics';
import { TransferSlots } from './transfer-slots';

@Module({
  imports: [DistributionRowsModule, DistributionPointsModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService, CatalogEventsConsumer, JobOutcomes, ReplicationMetrics, ReplicationWorker, TransferSlots],
})
export class ReplicationModule {}
