import type { OwningService } from '@sdp/contracts';
import type { KafkaCredentials } from '../kafkajs/create-kafka-messaging';

export interface MessagingModuleOptions {
  /** The producing service (`catalog`, ...): events carry `sdp.<service>` as their source. */
  service: OwningService;
  brokers: readonly string[];
  /** The service's own Kafka principal (SASL/SCRAM-SHA-512). */
  credentials?: KafkaCredentials;
  ssl?: boolean;
  sslCaFile?: string;
  /** Put in front of every topic name on the cluster; '' for none. */
  topicPrefix?: string;
  /** The service's own database: the relay takes its advisory lock and reads the outbox there. */
  databaseUrl: string;
  partitions: number;
  replicationFactor: number;
  /** The session timeout of the service's consumers (KAFKA_CONSUMER_SESSION_TIMEOUT_MS); default 30 s. */
  consumerSessionTimeoutMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_CLIENT = Symbol('MESSAGING_CLIENT');
export const MESSAGING_LOGGER = Symbol('MESSAGING_LOGGER');
