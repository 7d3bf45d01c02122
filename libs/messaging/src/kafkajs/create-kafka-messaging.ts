import { Kafka, logLevel } from 'kafkajs';
import { ConsumerOptions, MessageConsumerRunner, MessageProducer, MessagingClient, TopicAdmin } from '../port';
import { MessagingLogger } from '../logger';
import { kafkaJsLogCreator } from './kafkajs-logger';
import { KafkaJsProducer } from './kafkajs-producer';
import { KafkaJsConsumerRunner } from './kafkajs-consumer';
import { KafkaJsTopicAdmin } from './kafkajs-admin';

export interface KafkaMessagingOptions {
  brokers: readonly string[];
  clientId: string;
  logger: MessagingLogger;
  /** kafkajs' own chatter below this level is dropped. Default: 'info'. */
  clientLogLevel?: 'error' | 'warn' | 'info' | 'debug';
}

const LOG_LEVELS = { error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG } as const;

/** The messaging port over kafkajs. This folder is the only place that knows kafkajs. */
export function createKafkaMessaging(options: KafkaMessagingOptions): MessagingClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: LOG_LEVELS[options.clientLogLevel ?? 'info'],
    logCreator: kafkaJsLogCreator(options.logger),
  });
  return {
    createProducer: (): MessageProducer => new KafkaJsProducer(kafka, options.logger),
    createConsumer: (consumerOptions: ConsumerOptions): MessageConsumerRunner =>
      new KafkaJsConsumerRunner(kafka, consumerOptions, options.logger),
    createAdmin: (): TopicAdmin => new KafkaJsTopicAdmin(kafka, options.logger),
  };
}
