import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule } from '@sdp/observability';
import { CreateSiteIdCounter1767225600100, databaseReadiness, PersistenceModule } from '@sdp/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AdvertisementsModule } from './advertisements/advertisements.module';
import { AdvertisementConfig } from './config';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CreateAdvertisementTables1767225700000 } from './migrations/1767225700000-CreateAdvertisementTables';
import { PolicyModule } from './policy/policy.module';
import { SettingsModule } from './settings.module';
import { StatusModule } from './status/status.module';

const SERVICE = 'advertisement';

@Module({})
export class AppModule {
  static forRoot(config: AdvertisementConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(config),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: SERVICE,
          entities: [],
          migrations: [...messagingMigrations, CreateSiteIdCounter1767225600100, CreateAdvertisementTables1767225700000],
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
        KnowledgeModule,
        AdvertisementsModule,
        PolicyModule,
        StatusModule,
      ],
    };
  }
}
