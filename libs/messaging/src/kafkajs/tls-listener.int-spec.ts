import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { TOPICS } from '@sdp/contracts';
import { silentLogger } from '../logger';
import { testEnvironment, uniqueSuffix } from '../testing/test-environment';
import { createKafkaMessaging, KafkaConnectionOptions } from './create-kafka-messaging';

/** The local stack's SASL_SSL listener and the certificate it made for it (tools/stack/kafka.mjs, started by tools/stack/stack.mjs). */
const TLS_BROKERS = (process.env.KAFKA_TLS_BROKERS ?? '127.0.0.1:19094').split(',');
const CA_FILE = process.env.KAFKA_TLS_CA_FILE ?? join(__dirname, '../../../../.stack/kafka/tls/ca.pem');

/** TLS as the services would use it in production (KAFKA_SSL_CA_FILE), on the real broker. */
describe('the TLS listener of the local Kafka', () => {
  const topicPrefix = `tls-${uniqueSuffix()}.`;

  async function topicsSeenWith(options: Omit<KafkaConnectionOptions, 'brokers' | 'clientId'>): Promise<number> {
    const admin = createKafkaMessaging({ brokers: TLS_BROKERS, clientId: 'tls-test', logger: silentLogger, topicPrefix, ...options }).createAdmin();
    try {
      await admin.ensureTopics([{ topic: TOPICS.catalogPackages, partitions: 1 }]);
      return (await admin.topicOffsets(TOPICS.catalogPackages)).length;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  afterAll(async () => {
    const admin = createKafkaMessaging({ brokers: testEnvironment.brokers, clientId: 'tls-test', logger: silentLogger, topicPrefix, credentials: testEnvironment.credentials }).createAdmin();
    await admin.deleteTopics([TOPICS.catalogPackages]).catch(() => undefined);
    await admin.disconnect();
  });

  it('has a certificate the stack made for it', () => {
    expect(existsSync(CA_FILE)).toBe(true);
  });

  it('serves a client that trusts the stack certificate and signs in with SCRAM', async () => {
    await expect(topicsSeenWith({ sslCaFile: CA_FILE, credentials: DEV_KAFKA_USERS.admin })).resolves.toBe(1);
  });

  it('refuses a client that does not trust the certificate, or signs in wrongly', async () => {
    await expect(topicsSeenWith({ ssl: true, credentials: DEV_KAFKA_USERS.admin })).rejects.toThrow();
    await expect(topicsSeenWith({ sslCaFile: CA_FILE, credentials: { ...DEV_KAFKA_USERS.admin, password: 'wrong' } })).rejects.toThrow();
  });
});
