import { randomBytes } from 'node:crypto';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { parseBrokers } from '../brokers';

/** Connection settings of the local stack, overridable from the environment. */
export const testEnvironment = {
  brokers: parseBrokers(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092'),
  /** The local stack's admin principal (super user): these tests are not about authorization. */
  credentials: DEV_KAFKA_USERS.admin,
  /** The same, as kafkajs' own clients in tests take it. */
  sasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.admin } as const,
  databaseServerUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432',
};

/** A short lowercase suffix that makes databases, topics and groups of one run unique. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}
