/**
 * An outbox relay as its own process, for the test that kills it with SIGKILL mid-publish.
 * Settings come from the environment: RELAY_DATABASE_URL, KAFKA_BROKERS, RELAY_BATCH_SIZE and
 * RELAY_PAUSE_AFTER_SEND_MS (a pause after each acknowledged send, before the rows are marked,
 * which widens the window a crash can hit). Prints "leading" once it holds the lock.
 */
import { createKafkaMessaging } from '../kafkajs/create-kafka-messaging';
import { OutboxRelay } from '../outbox/outbox-relay';
import { MessageProducer } from '../port';
import { sleep } from '../backoff';
import { testEnvironment } from './test-environment';
import { testLogger } from './test-logger';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

async function main(): Promise<void> {
  const databaseUrl = required('RELAY_DATABASE_URL');
  const logger = testLogger('relay-process');
  const messaging = createKafkaMessaging({ brokers: testEnvironment.brokers, credentials: testEnvironment.credentials, clientId: `sdp-test-relay-${process.pid}`, logger });
  const kafkaProducer = messaging.createProducer();
  const pauseMs = Number(process.env['RELAY_PAUSE_AFTER_SEND_MS'] ?? '0');
  const producer: MessageProducer = {
    connect: () => kafkaProducer.connect(),
    disconnect: () => kafkaProducer.disconnect(),
    send: async (topic, messages) => {
      await kafkaProducer.send(topic, messages);
      await sleep(pauseMs);
    },
  };
  await producer.connect();
  const relay = new OutboxRelay({
    databaseUrl,
    producer,
    logger,
    batchSize: Number(process.env['RELAY_BATCH_SIZE'] ?? '500'),
    pollIntervalMs: 200,
    lockRetryMs: 200,
  });
  relay.start();
  const announce = setInterval(() => {
    if (relay.stats().leader) {
      process.stdout.write('leading\n');
      clearInterval(announce);
    }
  }, 20);
  process.once('SIGTERM', () => {
    clearInterval(announce);
    void relay
      .stop()
      .then(() => producer.disconnect())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`relay process failed: ${String(error)}\n`);
  process.exit(1);
});
