import { DynamicModule, Module } from '@nestjs/common';
import { eventRegistry } from '@sdp/contracts';
import type { ReadinessCheck } from '@sdp/observability';
import { createKafkaMessaging } from '../kafkajs/create-kafka-messaging';
import { MessagingLogger } from '../logger';
import { Outbox } from '../outbox/outbox';
import { EventConsumers } from './event-consumers';
import { MessagingLifecycle } from './messaging.lifecycle';
import { ReadYourWrites } from './read-your-writes';
import { MESSAGING_CLIENT, MESSAGING_LOGGER, MESSAGING_OPTIONS, MessagingModuleOptions } from './messaging.options';

/**
 * Kafka for one service: the outbox to write events with (in the caller's transaction), the
 * relay that publishes them, and the inbox consumers feature modules register.
 * Needs the service's TypeORM data source (PersistenceModule) with `messagingMigrations`.
 */
@Module({})
export class MessagingModule {
  static forService(options: MessagingModuleOptions, logger: MessagingLogger): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MESSAGING_LOGGER, useValue: logger },
        {
          provide: MESSAGING_CLIENT,
          useValue: createKafkaMessaging({
            brokers: options.brokers,
            clientId: `sdp-${options.service}`,
            credentials: options.credentials,
            ssl: options.ssl,
            sslCaFile: options.sslCaFile,
            logger,
            topicPrefix: options.topicPrefix,
          }),
        },
        { provide: Outbox, useValue: new Outbox({ registry: eventRegistry, source: `sdp.${options.service}` }) },
        EventConsumers,
        MessagingLifecycle,
        ReadYourWrites,
      ],
      exports: [Outbox, EventConsumers, MessagingLifecycle, ReadYourWrites],
    };
  }
}

export function kafkaReadiness(messaging: MessagingLifecycle): ReadinessCheck {
  return { name: 'kafka', check: () => messaging.ping() };
}
