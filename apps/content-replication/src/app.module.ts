import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule } from '@sdp/observability';
import { databaseReadiness, PersistenceModule } from '@sdp/persistence';
import { SOURCE_STORE, SourceStoreModule, storeReadiness, ContentStore } from '@sdp/storage';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ReplicationConfig } from './config';
import { ContentLocationsModule } from './content-locations/content-locations.module';
import { DistributionPointGroupEntity } from './distribution-points/distribution-point-group.entity';
import { DistributionPointEntity } from './distribution-points/distribution-point.entity';
import { DistributionPointsModule } from './distribution-points/distribution-points.module';
import { CreateReplicationTables1767225700000 } from './migrations/1767225700000-CreateReplicationTables';
import { ReplicationConfigModule } from './replication-config';
import { ReplicationModule } from './replication/replication.module';
import { SecretsModule } from './secrets/secrets.module';

const SERVICE = 'content-replication';

@Module({})
export class AppModule {
  static forRoot(config: ReplicationConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRoot(config.auth),
        ReplicationConfigModule.forRoot(config),
        SecretsModule.forRoot(config.SDP_SECRET_ENCRYPTION_KEY),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: SERVICE,
          entities: [DistributionPointEntity, DistributionPointGroupEntity],
          migrations: [...messagingMigrations, CreateReplicationTables1767225700000],
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
        SourceStoreModule.forRoot({
          endpoint: config.SOURCE_S3_ENDPOINT,
          bucket: config.SOURCE_S3_BUCKET,
          region: config.SOURCE_S3_REGION,
          accessKey: config.SOURCE_S3_ACCESS_KEY,
          secretKey: config.SOURCE_S3_SECRET_KEY,
        }),
        ObservabilityModule.forService({
          service: SERVICE,
          readiness: {
            inject: [getDataSourceToken(), MessagingLifecycle, SOURCE_STORE],
            useFactory: (dataSource: DataSource, messaging: MessagingLifecycle, sourceStore: ContentStore) => [
              databaseReadiness(dataSource),
              kafkaReadiness(messaging),
              storeReadiness('source-store', sourceStore),
            ],
          },
        }),
        DistributionPointsModule,
        ReplicationModule,
        ContentLocationsModule,
      ],
    };
  }
}
