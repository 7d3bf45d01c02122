import { Gauge, Registry } from 'prom-client';
import { partitionLags } from '../consumer-lag';
import { describeError, MessagingLogger } from '../logger';
import { PartitionOffsets, TopicAdmin } from '../port';
import { ConsumerGroupTopics } from '../topics';

export interface ConsumerLagOptions {
  registry: Registry;
  admin: TopicAdmin;
  groups: readonly ConsumerGroupTopics[];
  logger: MessagingLogger;
  /** How often the lag is read from Kafka. Default 10 s. */
  intervalMs?: number;
}

/**
 * `sdp_consumer_lag{topic,group,partition}`, read from Kafka in the background: a scrape only
 * reads the last values, so a slow or unreachable broker never holds a scrape up. When a
 * refresh fails the previous values stay and a warning is logged.
 */
export class ConsumerLagMetrics {
  private readonly gauge: Gauge<'topic' | 'group' | 'partition'>;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: ConsumerLagOptions) {
    this.gauge = new Gauge({
      name: 'sdp_consumer_lag',
      help: 'Records of a partition the consumer group has not committed yet (high watermark minus committed offset)',
      labelNames: ['topic', 'group', 'partition'],
      registers: [options.registry],
    });
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
  }

  /** Reads every group's lag; a call while one is running waits for that one. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    try {
      const ends = new Map<string, Promise<PartitionOffsets[]>>();
      const endsOf = (topic: string): Promise<PartitionOffsets[]> => {
        const known = ends.get(topic) ?? this.options.admin.topicOffsets(topic);
        ends.set(topic, known);
        return known;
      };
      const pairs = this.options.groups.flatMap(({ groupId, topics }) => topics.map((topic) => ({ groupId, topic })));
      const lags = await Promise.all(
        pairs.map(async ({ groupId, topic }) => {
          const [topicEnds, committed] = await Promise.all([endsOf(topic), this.options.admin.committedOffsets(groupId, topic)]);
          return { groupId, topic, partitions: partitionLags(topicEnds, committed) };
        }),
      );
      // Replaced at once, after every read succeeded: a scrape never sees half a refresh.
      this.gauge.reset();
      for (const { groupId, topic, partitions } of lags) {
        for (const { partition, lag } of partitions) {
          this.gauge.set({ topic, group: groupId, partition: String(partition) }, lag);
        }
      }
    } catch (error) {
      this.options.logger.warn(describeError(error), 'reading consumer lag failed; keeping the previous values');
    }
  }
}
