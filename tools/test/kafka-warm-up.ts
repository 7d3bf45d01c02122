// Jest applies no moduleNameMapper to global setup: resolve the @sdp/* aliases from tsconfig.
import 'tsconfig-paths/register';
import { createKafkaMessaging, ensurePlatformTopics, silentLogger } from '@sdp/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { DEV_KAFKA_USERS } from '@sdp/config';

/**
 * Jest global setup of the integration and e2e runs. A freshly formatted broker (every CI run)
 * still has to create its platform topics and its consumer-offsets topic when the first suite
 * starts; done here once, no suite is special for having run first.
 */
export default async function warmUpKafka(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  // The stack's admin principal: the suites' own Kafka work is an admin's (services sign in as themselves).
  const admin = createKafkaMessaging({ brokers, clientId: 'sdp-test-warm-up', credentials: DEV_KAFKA_USERS.admin, logger: silentLogger }).createAdmin();
  await admin.connect();
  try {
    await ensurePlatformTopics(admin);
  } finally {
    await admin.disconnect();
  }
  // Joining a group once makes the broker create __consumer_offsets and elect its leaders.
  const kafka = new Kafka({ brokers, clientId: 'sdp-test-warm-up', sasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.admin }, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: 'sdp-test-warm-up' });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: ['sdp.catalog.packages.v1'], fromBeginning: false });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({ eachMessage: async () => undefined });
    const deadline = Date.now() + 60_000;
    while (!joined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
}
