/**
 * The messaging port: the only view of the broker the rest of the platform has. The kafkajs
 * adapter (src/kafkajs) implements it today; another client can replace it without touching
 * the outbox, the inbox or the services.
 */

export type MessageHeaders = Record<string, string>;

export interface OutgoingMessage {
  /** The aggregate ID: messages with the same key land on the same partition, in order. */
  key: string | null;
  value: Buffer | string | null;
  headers?: MessageHeaders;
}

/** Sends with acknowledgement from all in-sync replicas; resolves only once they have it. */
export interface MessageProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Messages of one call keep their order per partition. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: MessageHeaders;
}

export interface RecordControl {
  /** Tells the group coordinator the member is alive; call it between long steps. */
  heartbeat(): Promise<void>;
}

/**
 * Handles one record. Resolving means "done": the record's offset may be committed. Throwing
 * means the record was not handled; it (and every later record of its partition) is delivered
 * again.
 */
export type RecordHandler = (record: ConsumedRecord, control: RecordControl) => Promise<void>;

export interface ConsumerSubscription {
  topics: readonly string[];
  /** Where a group with no committed offset starts: the beginning (default) or the end. */
  fromBeginning?: boolean;
  handle: RecordHandler;
}

/**
 * A member of one consumer group. Records of a partition are handled one after another; the
 * offset of a record is committed only after its handler resolved.
 */
export interface MessageConsumerRunner {
  readonly groupId: string;
  /**
   * Resolves once subscribed and running, or once it has begun retrying on its own when Kafka
   * could not be reached; consumption goes on in the background.
   */
  start(subscription: ConsumerSubscription): Promise<void>;
  /** Lets the record in hand finish, commits what was handled, leaves the group. */
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  /** How many partitions are handled at the same time (each still in order). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Default 30 s. A handler must never run this long. */
  sessionTimeoutMs?: number;
  /** Default 3 s, or a third of a shorter session timeout. */
  heartbeatIntervalMs?: number;
  /** How long an idle fetch waits on the broker. Default 500 ms (bounds the stop latency). */
  maxWaitTimeMs?: number;
  /**
   * Called when the client gave up and will not restart by itself. The default logs it as an
   * error and has a fresh member rejoin the group with growing pauses: never silently stopped,
   * and no supervisor needed to get through a Kafka restart.
   */
  onFatalError?: (error: Error) => void;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Topic-level configuration, e.g. `{ 'retention.ms': '604800000' }`. */
  config?: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still stored. */
  low: string;
  /** Offset the next record will get. */
  high: string;
}

export interface TopicAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Creates the topics that do not exist yet; existing topics are left as they are. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** Resolves when the cluster answers (readiness checks). */
  ping(): Promise<void>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  partitionCount(topic: string): Promise<number>;
  /** The offsets a group committed on a topic's partitions (-1 where it committed none). */
  committedOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  /** Moves a group's committed offsets of a topic back to the start. The group must be empty. */
  resetGroupOffsetsToEarliest(groupId: string, topic: string): Promise<void>;
  /** Deletes empty consumer groups and their committed offsets; unknown groups are ignored. */
  deleteConsumerGroups(groupIds: readonly string[]): Promise<void>;
}

/** What an adapter provides: one factory per role. */
export interface MessagingClient {
  createProducer(): MessageProducer;
  createConsumer(options: ConsumerOptions): MessageConsumerRunner;
  createAdmin(): TopicAdmin;
}
