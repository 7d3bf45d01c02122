import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule } from '@sdp/observability';
import { databaseReadiness, PersistenceModule } from '@sdp/persistence';
import { SOURCE_STORE, SourceStoreModule, storeReadiness, ContentStore } from '@sdp/storage';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CatalogConfig } from './config';

const SERVICE = 'catalog';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRoot(config.auth),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: SERVICE,
          entities: [],
          migrations: [...messagingMigrations],
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
      ],
    };
  }
}
