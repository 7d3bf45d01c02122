// Run by `npm start` (tools/start/start.mjs) before the services start:
//   ts-node tools/start/prepare-kafka.ts <topic prefix>
// grants each service's Kafka principal (and the read-only example consumer's) its ACLs for the
// deployment's topic prefix, and creates the platform topics, as the local stack's admin.
import { DEV_KAFKA_USERS } from '@sdp/config';
import { createKafkaMessaging, ensurePlatformTopics, grantServiceAcls, parseBrokers, silentLogger } from '@sdp/messaging';

async function main(topicPrefix: string): Promise<void> {
  const admin = { brokers: parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:19092'), clientId: 'sdp-start', credentials: DEV_KAFKA_USERS.admin };
  await grantServiceAcls(admin, { topicPrefix });
  const topics = createKafkaMessaging({ ...admin, logger: silentLogger, topicPrefix }).createAdmin();
  try {
    await ensurePlatformTopics(topics);
  } finally {
    await topics.disconnect();
  }
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(`preparing Kafka failed: ${(error as Error).message}`);
  process.exit(1);
});
