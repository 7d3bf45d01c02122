import { DEV_KAFKA_USERS, KafkaUser } from '@sdp/config';
import { AdvertisementData, eventRegistry, EventTypes, PolicyBody, TOPICS } from '@sdp/contracts';
import { createEvent } from '@sdp/messaging';
import { eventually, stackSettings } from '@sdp/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';

const packageId = 'T0600001';
const collectionId = 'T0600002';

/**
 * Issue 14's attack on the real broker (SASL/SCRAM, ACLs): a valid membership delta putting an
 * outsider into a collection, sent without credentials and as principals other than targeting's,
 * is refused by Kafka, and the advertisement service never offers the outsider anything.
 */
describe('a forged membership event (real Kafka with ACLs, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let advertisement: AdvertisementData;
  const outsider = randomUUID();
  const admin = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'forged-membership-test', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING }).admin();

  const offered = async (): Promise<boolean | undefined> => {
    const answer = await kit.http<PolicyBody>('GET', `/clients/${outsider}/policy`, { token: kit.clientToken(outsider) });
    return answer.status === 200 ? answer.body.advertisements.some((entry) => entry.advertisementId === advertisement.id) : undefined;
  };
  const membershipOffsets = async () => (await admin.fetchTopicOffsets(TOPICS.targetingMembership)).map(({ partition, high }) => ({ partition, high }));

  async function sendAs(user: KafkaUser | undefined, value: string): Promise<void> {
    const kafka = new Kafka({
      brokers: stackSettings.kafkaBrokers,
      clientId: 'forger',
      logLevel: logLevel.NOTHING,
      ...(user && { sasl: { mechanism: 'scram-sha-512', ...user } }),
      retry: { retries: 1, initialRetryTime: 100 },
      connectionTimeout: 3_000,
    });
    const producer = kafka.producer();
    try {
      await producer.connect();
      await producer.send({ topic: TOPICS.targetingMembership, acks: -1, messages: [{ key: collectionId, value }] });
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  beforeAll(async () => {
    await admin.connect();
    kit = await AdvertisementTestKit.start();
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, sourceVersion: 1 }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: outsider }));
    advertisement = (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', {
          body: { name: 'Runs as admin', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] },
        });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
    await eventually(async () => ((await offered()) === false ? true : undefined), 20_000, 'the outsider known, not offered the advertisement');
  });

  afterAll(async () => {
    await kit?.close();
    await admin.disconnect();
  });

  it('is refused by the broker unless it comes from targeting’s principal, and changes nothing', async () => {
    const forged = eventRegistry.validate(
      createEvent({
        type: EventTypes.targeting.membershipChanged,
        source: 'sdp.targeting',
        subject: collectionId,
        data: { collectionId, membershipVersion: 1, added: [outsider], removed: [] },
        sequence: 1,
      }),
      TOPICS.targetingMembership,
    );
    const before = await membershipOffsets();

    await expect(sendAs(undefined, JSON.stringify(forged))).rejects.toThrow();
    await expect(sendAs(DEV_KAFKA_USERS.reader, JSON.stringify(forged))).rejects.toThrow(/authoriz/i);
    await expect(sendAs(DEV_KAFKA_USERS.catalog, JSON.stringify(forged))).rejects.toThrow(/authoriz/i);

    expect(await membershipOffsets()).toEqual(before);
    expect(await offered()).toBe(false);
    const state = await kit.query('SELECT 1 FROM collection_member WHERE collection_id = $1 AND client_id = $2', [collectionId, outsider]);
    expect(state).toEqual([]);

    // The same event from a principal allowed to write the topic (the admin, standing in for
    // targeting) does take effect: the checks above would have seen it.
    await kit.republish(forged);
    await eventually(async () => ((await offered()) === true ? true : undefined), 20_000, 'the outsider offered the advertisement');
  }, 60_000);
});
