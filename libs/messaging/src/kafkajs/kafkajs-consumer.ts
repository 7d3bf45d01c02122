import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { ConsumedRecord, ConsumerOptions, ConsumerSubscription, MessageConsumerRunner, MessageHeaders } from '../port';
import { describeError, MessagingLogger } from '../logger';
import { sleep } from '../backoff';
import { DeploymentNames } from './deployment-names';

const FIRST_REJOIN_DELAY_MS = 1_000;
const MAX_REJOIN_DELAY_MS = 30_000;


/**
 * A consumer group member over kafkajs with manual commits. Records of a batch are handled one
 * by one; each handled record's offset is resolved at once and the resolved offsets are
 * committed when the batch ends (or is cut short by a stop, a rebalance or a failure), so a
 * commit costs one request per batch rather than per record. A crash between handling and
 * committing redelivers those records: consumers must be idempotent (the inbox is).
 */
export class KafkaJsConsumerRunner implements MessageConsumerRunner {
  readonly groupId: string;
  private consumer: Consumer;
  private subscription: ConsumerSubscription | undefined;
  private readonly partitionsConsumedConcurrently: number;
  private readonly onFatalError: (error: Error) => void;
  private started = false;
  private stopping = false;
  private rejoining = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly logger: MessagingLogger,
    private readonly names: DeploymentNames = new DeploymentNames(),
  ) {
    this.groupId = options.groupId;
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 1;
    this.onFatalError = options.onFatalError ?? ((error) => this.rejoin(error));
    this.consumer = this.createConsumer();
  }

  async start(subscription: ConsumerSubscription): Promise<void> {
    if (this.started) {
      throw new Error(`consumer of group ${this.groupId} is already started`);
    }
    this.started = true;
    this.subscription = subscription;
    try {
      await this.run(subscription);
    } catch (error) {
      // Kafka gone while this member connected or joined (a broker restart as the service starts):
      // the member keeps trying on its own instead of failing the service's other consumers.
      this.rejoin(error as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // kafkajs' disconnect stops fetching, waits for the batch in hand and leaves the group.
    await this.consumer.disconnect();
  }

  private createConsumer(): Consumer {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 30_000;
    const consumer = this.kafka.consumer({
      groupId: this.names.group(this.groupId),
      sessionTimeout,
      // At least three heartbeats per session, so one late heartbeat does not cost the member its partitions.
      heartbeatInterval: this.options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeout / 3)),
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 500,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer !== this.consumer) {
        return;
      }
      if (payload.restart) {
        this.logger.warn({ groupId: this.groupId, ...describeError(payload.error) }, 'consumer crashed; kafkajs restarts it');
        return;
      }
      this.onFatalError(payload.error);
    });
    return consumer;
  }

  private async run(subscription: ConsumerSubscription): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: subscription.topics.map((topic) => this.names.physical(topic)), fromBeginning: subscription.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload, subscription),
    });
  }

  /**
   * kafkajs gave up on this member (a broker gone longer than its retries, an error it will not
   * retry): a fresh member joins the group after a pause, and again with a longer pause until one
   * runs, so a Kafka restart never needs a service restart. Uncommitted records come again.
   */
  private rejoin(error: Error): void {
    if (this.stopping || this.rejoining || !this.subscription) {
      return;
    }
    this.rejoining = true;
    this.logger.error({ groupId: this.groupId, ...describeError(error) }, 'consumer crashed and kafkajs will not restart it; a new member joins');
    const subscription = this.subscription;
    const attempt = async (delayMs: number): Promise<void> => {
      await sleep(delayMs);
      if (this.stopping) {
        return;
      }
      try {
        await this.consumer.disconnect().catch(() => undefined);
        this.consumer = this.createConsumer();
        await this.run(subscription);
        this.rejoining = false;
        this.logger.info({ groupId: this.groupId }, 'consumer rejoined its group');
      } catch (failure) {
        this.logger.warn({ groupId: this.groupId, ...describeError(failure) }, 'rejoining failed; trying again');
        void attempt(Math.min(delayMs * 2, MAX_REJOIN_DELAY_MS));
      }
    };
    void attempt(FIRST_REJOIN_DELAY_MS);
  }

  private async handleBatch(payload: EachBatchPayload, subscription: ConsumerSubscription): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let failure: unknown;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) {
          break;
        }
        await subscription.handle(toRecord(this.names.logical(batch.topic), batch.partition, message), { heartbeat });
        resolveOffset(message.offset);
        // kafkajs sends a heartbeat only when the interval has passed; otherwise this is free.
        await heartbeat();
      }
    } catch (error) {
      failure = error;
    }
    await this.commitResolved(payload, failure);
    if (failure !== undefined) {
      throw failure;
    }
  }

  private async commitResolved(payload: EachBatchPayload, failure: unknown): Promise<void> {
    const offsets = payload.uncommittedOffsets();
    if (offsets.topics.length === 0) {
      return;
    }
    try {
      // Given offsets, kafkajs commits them unconditionally (autoCommit is off).
      await payload.commitOffsetsIfNecessary(offsets);
    } catch (error) {
      if (failure === undefined) {
        throw error;
      }
      // The batch already failed; its error is the one to report. Uncommitted records come again.
      this.logger.warn({ groupId: this.groupId, ...describeError(error) }, 'commit after a failed batch failed too');
    }
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: toHeaders(message.headers),
  };
}

function toHeaders(headers: IHeaders | undefined): MessageHeaders {
  const result: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // A repeated header keeps its last value, as most Kafka clients' lastHeader() does.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) {
      result[name] = last.toString();
    }
  }
  return result;
}
