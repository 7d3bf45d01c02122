import { Kafka, logLevel } from 'kafkajs';
import { ConsumerOptions, MessageConsumerRunner, MessageProducer, MessagingClient, TopicAdmin } from '../port';
import { MessagingLogger } from '../logger';
import { kafkaJsLogCreator } from './kafkajs-logger';
import { KafkaJsProducer } from './kafkajs-producer';
import { KafkaJsConsumerRunner } from './kafkajs-consumer';
import { KafkaJsTopicAdmin } from './kafkajs-admin';
import { DeploymentNames } from './deployment-names';

export interface KafkaMessagingOptions {
  brokers: readonly string[];
  clientId: string;
  logger: MessagingLogger;
  /** kafkajs' own chatter below this level is dropped. Default: 'info'. */
  clientLogLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Put in front of every topic name on the cluster (KAFKA_TOPIC_PREFIX); default none. */
  topicPrefix?: string;
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
  const topics = new DeploymentNames(options.topicPrefix);
  return {
    createProducer: (): MessageProducer => new KafkaJsProducer(kafka, options.logger, topics),
    createConsumer: (consumerOptions: ConsumerOptions): MessageConsumerRunner =>
      new KafkaJsConsumerRunner(kafka, consumerOptions, options.logger, topics),
    createAdmin: (): TopicAdmin => new KafkaJsTopicAdmin(kafka, options.logger, topics),
  };
}
