import { KafkaJSNonRetriableError } from 'kafkajs';
import { TcpOutageProxy } from '@sdp/testing-base';
import { createKafkaMessaging } from './create-kafka-messaging';
import { MessagingLogger } from '../logger';
import { testEnvironment, uniqueSuffix } from '../testing/test-environment';
import { waitFor } from '../testing/wait-for';

describe('a consumer that kafkajs gives up on (real Kafka)', () => {
  it('rejoins its group with a fresh member and gets the uncommitted record again', async () => {
    const suffix = uniqueSuffix();
    const messages: { level: string; message: string }[] = [];
    const record = (level: string) => (_context: Record<string, unknown>, message: string) => messages.push({ level, message });
    const logger: MessagingLogger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    const messaging = createKafkaMessaging({ brokers: testEnvironment.brokers, credentials: testEnvironment.credentials, clientId: `rejoin-${suffix}`, logger, clientLogLevel: 'error', topicPrefix: `rejoin-${suffix}.` });
    const admin = messaging.createAdmin();
    const producer = messaging.createProducer();
    const consumer = messaging.createConsumer({ groupId: `rejoin-${suffix}`, maxWaitTimeMs: 100 });
    const deliveries: string[] = [];
    try {
      await admin.ensureTopics([{ topic: 'things', partitions: 1 }]);
      await producer.send('things', [{ key: 'a', value: 'first' }]);
      await consumer.start({
        topics: ['things'],
        fromBeginning: true,
        handle: async (incoming) => {
          deliveries.push(String(incoming.value));
          if (deliveries.length === 1) {
            // An error kafkajs will not retry: the member crashes for good.
            throw new KafkaJSNonRetriableError('simulated fatal failure');
          }
        },
      });
      await waitFor('the record delivered again to a new member', async () => (deliveries.length >= 2 ? true : undefined), { timeoutMs: 60_000 });
      expect(deliveries.slice(0, 2)).toEqual(['first', 'first']);
      expect(messages).toEqual(
        expect.arrayContaining([
          { level: 'error', message: 'consumer crashed and kafkajs will not restart it; a new member joins' },
          { level: 'info', message: 'consumer rejoined its group' },
        ]),
      );
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await admin.deleteTopics(['things']);
      await admin.disconnect();
    }
  });

  it('keeps trying when Kafka cannot be reached as it starts, and consumes once it can', async () => {
    const suffix = uniqueSuffix();
    const messages: string[] = [];
    const logger: MessagingLogger = { debug: () => undefined, info: (_c, m) => messages.push(m), warn: (_c, m) => messages.push(m), error: (_c, m) => messages.push(m) };
    const [brokerHost, brokerPort] = testEnvironment.brokers[0].split(':');
    const gate = new TcpOutageProxy(Number(brokerPort), brokerHost);
    await gate.up();
    await gate.down();
    // The consumer knows the broker only through the gate, closed while it starts.
    const gated = createKafkaMessaging({ brokers: [`127.0.0.1:${gate.port}`], credentials: testEnvironment.credentials, clientId: `gated-${suffix}`, logger, clientLogLevel: 'error', topicPrefix: `gated-${suffix}.` });
    const direct = createKafkaMessaging({ brokers: testEnvironment.brokers, credentials: testEnvironment.credentials, clientId: `direct-${suffix}`, logger: silent, clientLogLevel: 'error', topicPrefix: `gated-${suffix}.` });
    const admin = direct.createAdmin();
    const producer = direct.createProducer();
    const consumer = gated.createConsumer({ groupId: `gated-${suffix}`, maxWaitTimeMs: 100 });
    const deliveries: string[] = [];
    try {
      await admin.ensureTopics([{ topic: 'things', partitions: 1 }]);
      await producer.send('things', [{ key: 'a', value: 'waiting' }]);
      await expect(
        consumer.start({ topics: ['things'], fromBeginning: true, handle: async (incoming) => void deliveries.push(String(incoming.value)) }),
      ).resolves.toBeUndefined();
      expect(deliveries).toEqual([]);
      await gate.up();
      await waitFor('the record, once Kafka can be reached', async () => (deliveries.length >= 1 ? true : undefined), { timeoutMs: 90_000 });
      expect(deliveries[0]).toBe('waiting');
      expect(messages).toContain('consumer rejoined its group');
    } finally {
      await consumer.stop().catch(() => undefined);
      await gate.down();
      await producer.disconnect();
      await admin.deleteTopics(['things']);
      await admin.disconnect();
    }
  }, 120_000);
});

const silent: MessagingLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
