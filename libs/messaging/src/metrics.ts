import type { ConsumeOutcome } from './tracing/consumer-span';

/** What the relay and the inbox count, for the service's metrics; the library has no metrics package of its own. */
export interface MessagingMetrics {
  published(topic: string, count: number): void;
  consumed(topic: string, groupId: string, outcome: ConsumeOutcome): void;
}

export const noMetrics: MessagingMetrics = { published: () => undefined, consumed: () => undefined };
