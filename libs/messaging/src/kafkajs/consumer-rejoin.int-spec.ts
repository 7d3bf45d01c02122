import { KafkaJSNonRetriableError } from 'kafkajs';
import { connect, createServer, Server, Socket } from 'node:net';
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
    const gate = new BrokerGate(testEnvironment.brokers[0]);
    await gate.open();
    await gate.close();
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
      await gate.open();
      await waitFor('the record, once Kafka can be reached', async () => (deliveries.length >= 1 ? true : undefined), { timeoutMs: 90_000 });
      expect(deliveries[0]).toBe('waiting');
      expect(messages).toContain('consumer rejoined its group');
    } finally {
      await consumer.stop().catch(() => undefined);
      await gate.close();
      await producer.disconnect();
      await admin.deleteTopics(['things']);
      await admin.disconnect();
    }
  }, 120_000);
});

const silent: MessagingLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A TCP pass-through to the broker that can refuse connections, on a port that stays the same. */
class BrokerGate {
  port = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly broker: string) {}

  async open(): Promise<void> {
    const [host, port] = this.broker.split(':');
    this.server = createServer((client) => {
      const upstream = connect(Number(port), host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
