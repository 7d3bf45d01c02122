import { Admin, Kafka } from 'kafkajs';
import { PartitionOffsets, TopicAdmin, TopicSpec } from '../port';
import { MessagingLogger } from '../logger';
import { DeploymentNames } from './deployment-names';

export class KafkaJsTopicAdmin implements TopicAdmin {
  private current: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: MessagingLogger,
    private readonly names: DeploymentNames = new DeploymentNames(),
  ) {}

  async connect(): Promise<void> {
    await this.admin();
  }

  async disconnect(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (current) {
      await (await current).disconnect();
    }
  }

  async ensureTopics(logicalTopics: readonly TopicSpec[]): Promise<void> {
    const topics = logicalTopics.map((spec) => ({ ...spec, topic: this.names.physical(spec.topic) }));
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    await this.warnAboutPartitionCounts(topics.filter((spec) => existing.has(spec.topic)));
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await this.createTopics(missing);
    }
    await this.waitForLeaders(topics.map((spec) => spec.topic));
  }

  /**
   * A topic another replica has just created may still lack partition leaders; until every
   * partition answers, producers and offset look-ups fail with NOT_LEADER_FOR_PARTITION.
   */
  private async waitForLeaders(topics: readonly string[], timeoutMs = 30_000): Promise<void> {
    const admin = await this.admin();
    const deadline = Date.now() + timeoutMs;
    for (const topic of topics) {
      for (;;) {
        try {
          await admin.fetchTopicOffsets(topic);
          break;
        } catch (error) {
          if (Date.now() > deadline) {
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
  }

  private async createTopics(missing: readonly TopicSpec[]): Promise<void> {
    const admin = await this.admin();
    // Another replica may create the same topics at the same moment: kafkajs answers false
    // instead of failing when every error is TOPIC_ALREADY_EXISTS.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor ?? 1,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    this.logger.info({ topics: missing.map((spec) => spec.topic) }, 'topics created');
  }

  async deleteTopics(logicalTopics: readonly string[]): Promise<void> {
    const topics = logicalTopics.map((topic) => this.names.physical(topic));
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) {
      await admin.deleteTopics({ topics: present });
    }
  }

  async ping(): Promise<void> {
    await (await this.admin()).describeCluster();
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const offsets = await (await this.admin()).fetchTopicOffsets(this.names.physical(topic));
    return offsets
      .map(({ partition, low, high }) => ({ partition, low, high }))
      .sort((left, right) => left.partition - right.partition);
  }

  async partitionCount(topic: string): Promise<number> {
    return this.physicalPartitionCount(this.names.physical(topic));
  }

  private async physicalPartitionCount(topic: string): Promise<number> {
    const metadata = await (await this.admin()).fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0]?.partitions.length ?? 0;
  }

  async committedOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]> {
    const [topicOffsets] = await (await this.admin()).fetchOffsets({ groupId: this.names.group(groupId), topics: [this.names.physical(topic)] });
    return (topicOffsets?.partitions ?? [])
      .map(({ partition, offset }) => ({ partition, offset }))
      .sort((left, right) => left.partition - right.partition);
  }

  async resetGroupOffsetsToEarliest(groupId: string, topic: string): Promise<void> {
    await (await this.admin()).resetOffsets({ groupId: this.names.group(groupId), topic: this.names.physical(topic), earliest: true });
  }

  async deleteConsumerGroups(groupIds: readonly string[]): Promise<void> {
    const admin = await this.admin();
    const existing = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const present = groupIds.map((groupId) => this.names.group(groupId)).filter((groupId) => existing.has(groupId));
    if (present.length > 0) {
      await admin.deleteGroups(present);
    }
  }

  /** A topic's partition count is never changed here: keys would move to other partitions. */
  private async warnAboutPartitionCounts(existing: readonly TopicSpec[]): Promise<void> {
    for (const spec of existing) {
      const actual = await this.physicalPartitionCount(spec.topic);
      if (actual !== spec.partitions) {
        this.logger.warn({ topic: spec.topic, expected: spec.partitions, actual }, 'topic exists with another partition count; left unchanged');
      }
    }
  }

  private admin(): Promise<Admin> {
    if (!this.current) {
      const admin = this.kafka.admin();
      const connecting = admin.connect().then(() => admin);
      connecting.catch(() => {
        if (this.current === connecting) {
          this.current = undefined;
        }
      });
      this.current = connecting;
    }
    return this.current;
  }
}
