import { DynamicModule, Module } from '@nestjs/common';
import { EventHandlersModule, ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { ReplicationConfig } from './config';
import { ContentLocationsModule } from './content-locations/content-locations.module';
import { DistributionPointGroupEntity } from './distribution-points/distribution-point-group.entity';
import { DistributionPointEntity } from './distribution-points/distribution-point.entity';
import { DistributionPointsModule } from './distribution-points/distribution-points.module';
import { CatalogPackagesHandler } from './event-handlers/catalog-packages.handler';
import { TargetingClientsHandler } from './event-handlers/targeting-clients.handler';
import { CreateReplicationTables1767225700000 } from './migrations/1767225700000-CreateReplicationTables';
import { AddDistributionTraceparent1767225800000 } from './migrations/1767225800000-AddDistributionTraceparent';
import { CreateTransferSlotLeases1767225900000 } from './migrations/1767225900000-CreateTransferSlotLeases';
import { AddClientRevocation1767226000000 } from './migrations/1767226000000-AddClientRevocation';
import { AddClientKeyGeneration1767226100000 } from './migrations/1767226100000-AddClientKeyGeneration';
import { AddDistributionInstalledIntact1767226200000 } from './migrations/1767226200000-AddDistributionInstalledIntact';
import { PackageAssignmentEntity } from './replication/assignments/package-assignment.entity';
import { DistributionRowsModule } from './replication/distribution-rows/distribution-rows.module';
import { SourceManifestsModule } from './replication/install/source-manifests';
import { ReplicationModule } from './replication/replication.module';
import { SecretsModule } from './secrets/secrets.module';

const SERVICE = 'content-replication';

@Module({})
export class AppModule {
  static forRoot(config: ReplicationConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [DistributionPointEntity, DistributionPointGroupEntity, PackageAssignmentEntity],
          migrations: [CreateReplicationTables1767225700000, AddDistributionTraceparent1767225800000, CreateTransferSlotLeases1767225900000, AddClientRevocation1767226000000, AddClientKeyGeneration1767226100000, AddDistributionInstalledIntact1767226200000],
          sourceStore: config,
        }),
        SecretsModule.forRoot(config.SDP_SECRET_ENCRYPTION_KEY),
        DistributionPointsModule,
        ReplicationModule,
        ContentLocationsModule,
        EventHandlersModule.register({ imports: [DistributionRowsModule, SourceManifestsModule], handlers: [CatalogPackagesHandler, TargetingClientsHandler] }),
      ],
    };
  }
}
