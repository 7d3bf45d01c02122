import { randomBytes } from 'node:crypto';
import { parseBrokers } from '../brokers';

/** Connection settings of the local stack, overridable from the environment. */
export const testEnvironment = {
  brokers: parseBrokers(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092'),
  databaseServerUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432',
};

/** A short lowercase suffix that makes databases, topics and groups of one run unique. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}
