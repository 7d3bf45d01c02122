import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule } from '@sdp/observability';
import { databaseReadiness, PersistenceModule } from '@sdp/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TargetingConfig } from './config';

const SERVICE = 'targeting';

@Module({})
export class AppModule {
  static forRoot(config: TargetingConfig, logger: Logger): DynamicModule {
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
      ],
    };
  }
}
