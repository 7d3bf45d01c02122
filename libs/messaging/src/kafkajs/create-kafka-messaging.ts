import { readFileSync } from 'node:fs';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { ConsumerOptions, MessageConsumerRunner, MessageProducer, MessagingClient, TopicAdmin } from '../port';
import { MessagingLogger } from '../logger';
import { kafkaJsLogCreator } from './kafkajs-logger';
import { KafkaJsProducer } from './kafkajs-producer';
import { KafkaJsConsumerRunner } from './kafkajs-consumer';
import { KafkaJsTopicAdmin } from './kafkajs-admin';
import { DeploymentNames } from './deployment-names';

/** A Kafka principal: SASL/SCRAM-SHA-512 is the only mechanism the platform uses. */
export interface KafkaCredentials {
  username: string;
  password: string;
}

/** How to reach and sign in to the cluster. */
export interface KafkaConnectionOptions {
  brokers: readonly string[];
  clientId: string;
  /** Signs in with SASL/SCRAM-SHA-512; without it the client connects unauthenticated. */
  credentials?: KafkaCredentials;
  /** TLS to the brokers. */
  ssl?: boolean;
  /** PEM file of the CA that signed the brokers' certificates (else the system's CAs); implies TLS. */
  sslCaFile?: string;
}

export interface KafkaMessagingOptions extends KafkaConnectionOptions {
  logger: MessagingLogger;
  /** kafkajs' own chatter below this level is dropped. Default: 'info'. */
  clientLogLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Put in front of every topic name on the cluster (KAFKA_TOPIC_PREFIX); default none. */
  topicPrefix?: string;
}

const LOG_LEVELS = { error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG } as const;

/** The kafkajs settings of a connection; the password goes to kafkajs and nowhere else. */
export function kafkaJsConnection(options: KafkaConnectionOptions): Pick<KafkaConfig, 'clientId' | 'brokers' | 'sasl' | 'ssl'> {
  const ssl = options.sslCaFile ? { ca: [readFileSync(options.sslCaFile, 'utf8')] } : options.ssl === true ? true : undefined;
  return {
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.credentials && { sasl: { mechanism: 'scram-sha-512', username: options.credentials.username, password: options.credentials.password } }),
    ...(ssl && { ssl }),
  };
}

/** The messaging port over kafkajs. This folder is the only place that knows kafkajs. */
export function createKafkaMessaging(options: KafkaMessagingOptions): MessagingClient {
  const kafka = new Kafka({
    ...kafkaJsConnection(options),
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
