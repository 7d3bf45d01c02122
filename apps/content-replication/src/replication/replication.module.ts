import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DistributionPointsModule } from '../distribution-points/distribution-points.module';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { DistributionRowsModule } from './distribution-rows/distribution-rows.module';
import { SourceManifestsModule } from './install/source-manifests';
import { JobOutcomes } from './queue/job-outcomes';
import { QueueWakeups } from './queue/queue-wakeups';
import { ReplicationWorker } from './worker/replication-worker';
import { ReplicationMetrics } from './replication.metrics';
import { ReplicationConfig } from '../config';
import { PostgresTransferSlotLeases } from './transfer-slots/transfer-slot-leases';
import { TransferSlots } from './transfer-slots/transfer-slots';
import { SERVICE_CONFIG } from '@sdp/service';

const TRANSFER_SLOT_LEASE_MS = 15_000;

@Module({
  imports: [DistributionRowsModule, DistributionPointsModule, SourceManifestsModule],
  controllers: [AssignmentsController],
  providers: [
    AssignmentsService,
    JobOutcomes,
    QueueWakeups,
    ReplicationMetrics,
    ReplicationWorker,
    {
      provide: TransferSlots,
      inject: [getDataSourceToken(), SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ReplicationConfig) => {
        // Short, so the slots of a replica killed mid-copy hold its DPs back for seconds, not a job lease.
        const slotLeaseMs = Math.min(config.REPLICATION_LEASE_MS, TRANSFER_SLOT_LEASE_MS);
        return new TransferSlots(new PostgresTransferSlotLeases(dataSource, randomUUID(), slotLeaseMs), { renewEveryMs: slotLeaseMs / 3 });
      },
    },
  ],
})
export class ReplicationModule {}
