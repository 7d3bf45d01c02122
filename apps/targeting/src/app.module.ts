import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule } from '@sdp/observability';
import { CreateSiteIdCounter1767225600100, databaseReadiness, PersistenceModule } from '@sdp/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ClientEntity } from './clients/client.entity';
import { ClientsModule } from './clients/clients.module';
import { CollectionEntity } from './collections/collection.entity';
import { CollectionsModule } from './collections/collections.module';
import { TargetingConfigModule } from './common/targeting-config.module';
import { TargetingConfig } from './config';
import { MaintenanceWindowsModule } from './maintenance-windows/maintenance-windows.module';
import { CreateTargetingTables1767225700000 } from './migrations/1767225700000-create-targeting-tables';

const SERVICE = 'targeting';

@Module({})
export class AppModule {
  static forRoot(config: TargetingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRoot(config.auth),
        TargetingConfigModule.forRoot(config),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: SERVICE,
          entities: [ClientEntity, CollectionEntity],
          migrations: [...messagingMigrations, CreateSiteIdCounter1767225600100, CreateTargetingTables1767225700000],
        }),
        MessagingModule.forService(
          {
            service: SERVICE,
            brokers: config.KAFKA_BROKERS,
            databaseUrl: config.DATABASE_URL,
            partitions: config.KAFKA_TOPIC_PARTITIONS,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          },
          logger.child({ component: 'messaging' }),
        ),
        ObservabilityModule.forService({
          service: SERVICE,
          readiness: {
            inject: [getDataSourceToken(), MessagingLifecycle],
            useFactory: (dataSource: DataSource, messaging: MessagingLifecycle) => [
              databaseReadiness(dataSource),
              kafkaReadiness(messaging),
            ],
          },
        }),
        ClientsModule,
        CollectionsModule,
        MaintenanceWindowsModule,
      ],
    };
  }
}
