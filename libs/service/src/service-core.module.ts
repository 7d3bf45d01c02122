import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthConfig, AuthModule } from '@sdp/auth';
import type { KafkaClientConfig } from '@sdp/config';
import type { OwningService } from '@sdp/contracts';
import { kafkaReadiness, messagingMigrations, MessagingLifecycle, MessagingModule } from '@sdp/messaging';
import { ObservabilityModule, ReadinessCheck } from '@sdp/observability';
import { databaseReadiness, PersistenceModule, ServiceDataSourceOptions } from '@sdp/persistence';
import { ContentStore, SOURCE_STORE, SourceStoreModule, storeReadiness } from '@sdp/storage';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CONSISTENCY_WAIT_MS, ConsistencyInterceptor } from './consistency.interceptor';
import { SERVICE_CONFIG } from './service-config';

/** The variables of baseServiceEnv (and sourceStoreEnv) this module reads. */
export interface ServiceCoreConfig extends KafkaClientConfig {
  DATABASE_URL: string;
  KAFKA_BROKERS: string[];
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_CONSUMER_SESSION_TIMEOUT_MS: number;
  CONSISTENCY_WAIT_MS: number;
  /** The service's consumer groups are `<prefix>.<purpose>` (EventHandlersModule). */
  KAFKA_CONSUMER_GROUP_PREFIX: string;
  auth: AuthConfig;
}

export interface SourceStoreConfig {
  SOURCE_S3_ENDPOINT: string;
  SOURCE_S3_BUCKET: string;
  SOURCE_S3_REGION: string;
  SOURCE_S3_ACCESS_KEY: string;
  SOURCE_S3_SECRET_KEY: string;
}

export interface ServiceCoreOptions {
  /** `catalog`, `content-replication`, ...: names logs, metrics, event sources and the DB connection. */
  service: OwningService;
  /** The service's whole loaded configuration: provided to every module as SERVICE_CONFIG. */
  config: ServiceCoreConfig;
  logger: Logger;
  entities: ServiceDataSourceOptions['entities'];
  /** The service's own migration classes; the outbox and inbox tables come first. */
  migrations: (new (...args: never[]) => unknown)[];
  /** For services that read or write the site's source store. */
  sourceStore?: SourceStoreConfig;
}

/**
 * What every service stands on: authentication, its database (created and migrated), Kafka
 * (outbox, relay, inbox consumers), read-your-writes across services (ConsistencyInterceptor),
 * the source store where used, health and metrics whose readiness covers each of them, and the
 * service's configuration (SERVICE_CONFIG) for every module.
 */
@Module({})
export class ServiceCoreModule {
  static forService(options: ServiceCoreOptions): DynamicModule {
    const { config, service, sourceStore } = options;
    const storeModules = sourceStore
      ? [
          SourceStoreModule.forRoot({
            endpoint: sourceStore.SOURCE_S3_ENDPOINT,
            bucket: sourceStore.SOURCE_S3_BUCKET,
            region: sourceStore.SOURCE_S3_REGION,
            accessKey: sourceStore.SOURCE_S3_ACCESS_KEY,
            secretKey: sourceStore.SOURCE_S3_SECRET_KEY,
          }),
        ]
      : [];
    return {
      module: ServiceCoreModule,
      global: true,
      exports: [SERVICE_CONFIG],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: CONSISTENCY_WAIT_MS, useValue: config.CONSISTENCY_WAIT_MS },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
      ],
      imports: [
        AuthModule.forRoot(config.auth),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: service,
          entities: options.entities,
          migrations: [...messagingMigrations, ...options.migrations],
        }),
        MessagingModule.forService(
          {
            service,
            brokers: config.KAFKA_BROKERS,
            credentials: { username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD },
            ssl: config.KAFKA_SSL,
            sslCaFile: config.KAFKA_SSL_CA_FILE,
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
            databaseUrl: config.DATABASE_URL,
            partitions: config.KAFKA_TOPIC_PARTITIONS,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
            consumerSessionTimeoutMs: config.KAFKA_CONSUMER_SESSION_TIMEOUT_MS,
          },
          options.logger.child({ component: 'messaging' }),
        ),
        ...storeModules,
        ObservabilityModule.forService({
          service,
          readiness: sourceStore
            ? {
                inject: [getDataSourceToken(), MessagingLifecycle, SOURCE_STORE],
                useFactory: (dataSource: DataSource, messaging: MessagingLifecycle, store: ContentStore): ReadinessCheck[] => [
                  databaseReadiness(dataSource),
                  kafkaReadiness(messaging),
                  storeReadiness('source-store', store),
                ],
              }
            : {
                inject: [getDataSourceToken(), MessagingLifecycle],
                useFactory: (dataSource: DataSource, messaging: MessagingLifecycle): ReadinessCheck[] => [
                  databaseReadiness(dataSource),
                  kafkaReadiness(messaging),
                ],
              },
        }),
      ],
    };
  }
}
