import { KafkaJSNonRetriableError } from 'kafkajs';
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
    const messaging = createKafkaMessaging({ brokers: testEnvironment.brokers, clientId: `rejoin-${suffix}`, logger, clientLogLevel: 'error', topicPrefix: `rejoin-${suffix}.` });
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
});
