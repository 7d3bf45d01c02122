import { Injectable } from '@nestjs/common';
import type { SdpEvent } from '@sdp/contracts';
import { InboxHandler } from '../inbox/inbox-consumer';

export interface EventConsumerRegistration {
  /** The consumer group; also names the dead-letter topics `<topic>.dlq.<groupId>`. */
  groupId: string;
  topics: readonly string[];
  /** Receives events validated against the contracts: `switch (event.type)` narrows `event.data`. */
  handle: InboxHandler<SdpEvent>;
  maxAttempts?: number;
}

/**
 * Feature modules register the events they consume here (in `onModuleInit`); the messaging
 * lifecycle creates their dead-letter topics and starts them once Kafka is reachable.
 */
@Injectable()
export class EventConsumers {
  private readonly registrations: EventConsumerRegistration[] = [];
  private sealed = false;

  register(registration: EventConsumerRegistration): void {
    if (this.sealed) {
      throw new Error(`consumer ${registration.groupId} registered after start: register in onModuleInit`);
    }
    if (this.registrations.some((existing) => existing.groupId === registration.groupId)) {
      throw new Error(`consumer group ${registration.groupId} is registered twice`);
    }
    this.registrations.push(registration);
  }

  /** The consumers registered so far (all of them once the application started). */
  list(): readonly EventConsumerRegistration[] {
    return this.registrations;
  }

  /** Called once by the lifecycle: the list is fixed from then on. */
  seal(): readonly EventConsumerRegistration[] {
    this.sealed = true;
    return this.registrations;
  }
}
