import { DEV_KAFKA_USERS, KafkaUser } from '@sdp/config';
import { TOPICS } from '@sdp/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { ensurePlatformTopics } from '../topics';
import { silentLogger } from '../logger';
import { testEnvironment, uniqueSuffix } from '../testing/test-environment';
import { createKafkaMessaging } from './create-kafka-messaging';
import { grantServiceAcls, revokeServiceAcls } from './grant-service-acls';

/**
 * The broker of the local stack (SASL/SCRAM, StandardAuthorizer, nothing allowed without an ACL)
 * with the ACLs grantServiceAcls derives from libs/contracts, for a deployment of the test's own.
 */
describe('service principals on the real Kafka', () => {
  const topicPrefix = `acl-${uniqueSuffix()}.`;
  const membershipTopic = `${topicPrefix}${TOPICS.targetingMembership}`;
  const admin = { brokers: testEnvironment.brokers, clientId: 'acl-test', credentials: testEnvironment.credentials };
  const topicAdmin = createKafkaMessaging({ ...admin, logger: silentLogger, topicPrefix }).createAdmin();

  const kafkaAs = (user?: KafkaUser) =>
    new Kafka({
      brokers: [...testEnvironment.brokers],
      clientId: 'acl-test',
      logLevel: logLevel.NOTHING,
      ...(user && { sasl: { mechanism: 'scram-sha-512', ...user } }),
      retry: { retries: 1, initialRetryTime: 100 },
      connectionTimeout: 3_000,
    });

  /** A forged membership event, as the attacker of issue 14 sent it: valid envelope, valid data. */
  const forged = { key: 'S0100001', value: JSON.stringify({ specversion: '1.0', type: 'sdp.targeting.membership.changed.v1', subject: 'S0100001', data: {} }) };

  async function send(user: KafkaUser | undefined): Promise<void> {
    const producer = kafkaAs(user).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    try {
      await producer.connect();
      await producer.send({ topic: membershipTopic, acks: -1, messages: [forged] });
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  const recordsOnMembershipTopic = async () =>
    (await topicAdmin.topicOffsets(TOPICS.targetingMembership)).reduce((sum, { low, high }) => sum + Number(high) - Number(low), 0);

  beforeAll(async () => {
    await grantServiceAcls(admin, { topicPrefix });
    await ensurePlatformTopics(topicAdmin, { partitions: 1 });
  });

  afterAll(async () => {
    await topicAdmin.deleteTopics(Object.values(TOPICS));
    await topicAdmin.disconnect();
    await revokeServiceAcls(admin, { topicPrefix });
  });

  it('refuses writes to the membership topic without credentials and from every principal but targeting’s', async () => {
    await expect(send(undefined)).rejects.toThrow();
    await expect(send(DEV_KAFKA_USERS.reader)).rejects.toThrow(/authoriz/i);
    await expect(send(DEV_KAFKA_USERS.catalog)).rejects.toThrow(/authoriz/i);
    await expect(send(DEV_KAFKA_USERS.advertisement)).rejects.toThrow(/authoriz/i);
    await expect(send({ username: DEV_KAFKA_USERS.targeting.username, password: 'not-its-password' })).rejects.toThrow(/authentication failed/i);
    // Read back as the admin: nothing the refused producers sent reached the topic.
    expect(await recordsOnMembershipTopic()).toBe(0);

    // The owner can: the refusals above are the ACLs', not a broken producer.
    await send(DEV_KAFKA_USERS.targeting);
    expect(await recordsOnMembershipTopic()).toBe(1);
  });

  it('lets a service read only the topics it consumes, in its own consumer groups', async () => {
    const fetchAs = async (user: KafkaUser, groupId: string, topic: string) => {
      const consumer = kafkaAs(user).consumer({ groupId: `${topicPrefix}${groupId}`, maxWaitTimeInMs: 100 });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [`${topicPrefix}${topic}`], fromBeginning: true });
        const joined = new Promise<void>((resolve, reject) => {
          consumer.on(consumer.events.GROUP_JOIN, () => resolve());
          consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
        });
        await consumer.run({ eachMessage: async () => undefined });
        await joined;
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
    };
    // Catalog consumes advertisements, never membership; in its own groups only.
    await expect(fetchAs(DEV_KAFKA_USERS.catalog, 'catalog.snoop', TOPICS.targetingMembership)).rejects.toThrow(/authoriz/i);
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED; kafkajs reports that so.
    await expect(fetchAs(DEV_KAFKA_USERS.catalog, 'advertisement.targeting', TOPICS.advertisementAdvertisements)).rejects.toThrow(/authoriz|group coordinator/i);
    await expect(fetchAs(DEV_KAFKA_USERS.catalog, 'catalog.advertisement-usage', TOPICS.advertisementAdvertisements)).resolves.toBeUndefined();
    await expect(fetchAs(DEV_KAFKA_USERS.advertisement, 'advertisement.targeting', TOPICS.targetingMembership)).resolves.toBeUndefined();
  }, 60_000);
});
