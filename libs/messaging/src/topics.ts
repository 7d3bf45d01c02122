import { deadLetterTopic, OwningService, TOPIC_INFO, TopicName, TOPICS } from '@sdp/contracts';
import { TopicAdmin, TopicSpec } from './port';

export interface ConsumerGroupTopics {
  groupId: string;
  /** The topics the group reads; each gets its dead-letter topic. */
  topics: readonly string[];
}

export interface PlatformTopicOptions {
  /** Fixed for a topic's lifetime: changing it later moves keys to other partitions. Default 6. */
  partitions?: number;
  /** 1 on the local single-broker stack; 3 in production. */
  replicationFactor?: number;
  /** The service's consumer groups, whose dead-letter topics are created too. */
  consumerGroups?: readonly ConsumerGroupTopics[];
  /**
   * Only the topics this service owns (and its dead-letter topics): what its Kafka principal may
   * create. Without it, every platform topic (tooling and tests, as an admin).
   */
  owner?: OwningService;
}

/** Every platform topic (or the owner's) plus the dead-letter topics of the given consumer groups. */
export function platformTopicSpecs(options: PlatformTopicOptions = {}): TopicSpec[] {
  const partitions = options.partitions ?? 6;
  const replicationFactor = options.replicationFactor ?? 1;
  const names = new Set<string>(Object.values(TOPICS).filter((topic: TopicName) => options.owner === undefined || TOPIC_INFO[topic].owner === options.owner));
  for (const group of options.consumerGroups ?? []) {
    for (const topic of group.topics) {
      names.add(deadLetterTopic(topic, group.groupId));
    }
  }
  return [...names].map((topic) => ({ topic, partitions, replicationFactor }));
}

/** Creates what is missing at start; safe to run from every replica at once. */
export async function ensurePlatformTopics(admin: TopicAdmin, options: PlatformTopicOptions = {}): Promise<void> {
  await admin.ensureTopics(platformTopicSpecs(options));
}

/**
 * Why a service may not consume these topics, or undefined when it may: libs/contracts lists who
 * reads each topic, and the Kafka ACLs follow that list, so a consumer it does not name would
 * only ever be refused by the broker.
 */
export function unlistedConsumption(service: string, groups: readonly ConsumerGroupTopics[]): string | undefined {
  const unlisted = groups.flatMap(({ groupId, topics }) =>
    topics.filter((topic) => !(TOPIC_INFO as Record<string, { consumers: readonly string[] }>)[topic]?.consumers.includes(service)).map((topic) => `${topic} (group ${groupId})`),
  );
  return unlisted.length > 0
    ? `${service} consumes ${unlisted.join(', ')}, which libs/contracts TOPIC_INFO does not list ${service} as a consumer of; add it there (its Kafka ACLs follow that list)`
    : undefined;
}
