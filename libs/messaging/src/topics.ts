import { deadLetterTopic, TOPICS } from '@sdp/contracts';
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
}

/** Every platform topic plus the dead-letter topics of the given consumer groups. */
export function platformTopicSpecs(options: PlatformTopicOptions = {}): TopicSpec[] {
  const partitions = options.partitions ?? 6;
  const replicationFactor = options.replicationFactor ?? 1;
  const names = new Set<string>(Object.values(TOPICS));
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
