import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CLIENT_REVOCATION_LIST, REVOKED_CLIENTS_QUERY, revokedClientsFrom } from '@sdp/auth';
import type { SdpEvent } from '@sdp/contracts';
import { EventConsumers } from '@sdp/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from './service-config';
import type { ServiceCoreConfig } from './service-core.module';

/**
 * One consumer group of a service: the other services' topics it reads and how it applies their
 * events. Each lives in the service's `src/event-handlers/<purpose>.handler.ts` (docs/architecture.md).
 */
export interface EventHandler {
  /** Names the consumer group `<KAFKA_CONSUMER_GROUP_PREFIX>.<purpose>`; never rename a deployed one (its offsets are kept by name). */
  readonly purpose: string;
  readonly topics: readonly string[];
  /**
   * Applies one event, validated against the contracts (`switch (event.type)` narrows `event.data`).
   * Everything it writes goes through `manager`, in the transaction that records the event in the inbox.
   */
  handle(event: SdpEvent, manager: EntityManager): Promise<void>;
}

export interface EventHandlersOptions {
  /** The feature modules whose providers the handlers use. */
  imports?: ModuleMetadata['imports'];
  handlers: Type<EventHandler>[];
}

const REGISTERED_HANDLERS = Symbol('REGISTERED_HANDLERS');

/**
 * Registers a service's event handlers as its consumer groups (KAFKA_CONSUMER_GROUP_PREFIX from
 * SERVICE_CONFIG); the messaging lifecycle starts them once Kafka is reachable.
 */
@Module({})
export class EventHandlersModule {
  static register(options: EventHandlersOptions): DynamicModule {
    return {
      module: EventHandlersModule,
      imports: options.imports ?? [],
      providers: [
        ...options.handlers,
        {
          provide: REGISTERED_HANDLERS,
          inject: [EventConsumers, SERVICE_CONFIG, ...options.handlers],
          useFactory: (consumers: EventConsumers, config: ServiceCoreConfig, ...handlers: EventHandler[]) => {
            for (const handler of handlers) {
              consumers.register({
                groupId: `${config.KAFKA_CONSUMER_GROUP_PREFIX}.${handler.purpose}`,
                topics: handler.topics,
                handle: (event, manager) => handler.handle(event, manager),
              });
            }
            return handlers;
          },
        },
      ],
      exports: options.handlers,
    };
  }
}

/**
 * The client revocation list of a service that keeps targeting's clients in its own `known_client`
 * and `deleted_client` tables: blocked and deleted clients get 403, tokens of a replaced key 401.
 */
export const knownClientRevocationsProvider = {
  provide: CLIENT_REVOCATION_LIST,
  inject: [getDataSourceToken()],
  useFactory: (dataSource: DataSource) => revokedClientsFrom(() => dataSource.query(REVOKED_CLIENTS_QUERY)),
};
