import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { MessageProducer, OutgoingMessage } from '../port';
import { describeError, MessagingLogger } from '../logger';
import { DeploymentNames } from './deployment-names';

/** acks = -1: the leader answers only once every in-sync replica has the records. */
const ACKS_ALL = -1;

/**
 * Idempotent producer with one request in flight, so retries can neither duplicate nor reorder
 * records within the producer's lifetime. After a failed send the underlying producer is
 * discarded: a fresh one gets a new producer ID, so a sequence number left out of step with the
 * broker by the failure cannot wedge later sends.
 */
export class KafkaJsProducer implements MessageProducer {
  private current: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: MessagingLogger,
    private readonly names: DeploymentNames = new DeploymentNames(),
  ) {}

  async connect(): Promise<void> {
    await this.producer();
  }

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) {
      return;
    }
    const current = this.producer();
    const producer = await current;
    try {
      await producer.send({ topic: this.names.physical(topic), acks: ACKS_ALL, messages: messages.map(toKafkaMessage) });
    } catch (error) {
      this.logger.warn({ topic, count: messages.length, ...describeError(error) }, 'send failed; the producer will be recreated');
      if (this.current === current) {
        await this.discard();
      }
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    await this.discard();
  }

  private producer(): Promise<Producer> {
    if (!this.current) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // The Java-compatible murmur2 partitioner, chosen explicitly: every producer of a topic,
        // whatever its language, must map a key to the same partition.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      const connecting = producer.connect().then(() => producer);
      connecting.catch(() => {
        if (this.current === connecting) {
          this.current = undefined;
        }
      });
      this.current = connecting;
    }
    return this.current;
  }

  private async discard(): Promise<void> {
    const discarded = this.current;
    this.current = undefined;
    if (!discarded) {
      return;
    }
    try {
      await (await discarded).disconnect();
    } catch (error) {
      this.logger.debug(describeError(error), 'producer disconnect after failure');
    }
  }
}

function toKafkaMessage(message: OutgoingMessage): Message {
  return { key: message.key, value: message.value, headers: message.headers };
}
