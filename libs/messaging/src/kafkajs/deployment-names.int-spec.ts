import { Kafka, logLevel } from 'kafkajs';
import { createKafkaMessaging } from './create-kafka-messaging';
import { testEnvironment, uniqueSuffix } from '../testing/test-environment';
import { testLogger } from '../testing/test-logger';
import { waitFor } from '../testing/wait-for';

describe('two deployments on one broker (real Kafka)', () => {
  it('each reads only its own topic through a consumer group of its own, though both name the group alike', async () => {
    const suffix = uniqueSuffix();
    const groupId = 'catalog.advertisement-usage';
    const deployments = ['a', 'b'].map((name) => {
      const prefix = `${name}-${suffix}.`;
      const messaging = createKafkaMessaging({ brokers: testEnvironment.brokers, credentials: testEnvironment.credentials, clientId: `${name}-${suffix}`, logger: testLogger(name), clientLogLevel: 'error', topicPrefix: prefix });
      return { name, prefix, admin: messaging.createAdmin(), producer: messaging.createProducer(), consumer: messaging.createConsumer({ groupId, maxWaitTimeMs: 100 }), received: [] as string[] };
    });
    const kafka = new Kafka({ brokers: [...testEnvironment.brokers], sasl: testEnvironment.sasl, clientId: `groups-${suffix}`, logLevel: logLevel.NOTHING });
    const rawAdmin = kafka.admin();
    try {
      for (const deployment of deployments) {
        await deployment.admin.ensureTopics([{ topic: 'things', partitions: 2 }]);
        await deployment.producer.send('things', [{ key: 'k', value: `from-${deployment.name}` }]);
      }
      for (const deployment of deployments) {
        await deployment.consumer.start({
          topics: ['things'],
          fromBeginning: true,
          handle: async (record) => {
            deployment.received.push(String(record.value));
          },
        });
      }
      await waitFor('both deployments consumed their record', async () => (deployments.every((d) => d.received.length > 0) ? true : undefined), { timeoutMs: 60_000 });

      expect(deployments.map((d) => d.received)).toEqual([['from-a'], ['from-b']]);
      await rawAdmin.connect();
      const groups = (await rawAdmin.listGroups()).groups.map((group) => group.groupId);
      expect(groups).toEqual(expect.arrayContaining([`a-${suffix}.${groupId}`, `b-${suffix}.${groupId}`]));
      // Each deployment's admin finds its own group's offsets under the platform's name.
      for (const deployment of deployments) {
        await waitFor(`${deployment.name} committed`, async () => ((await deployment.admin.committedOffsets(groupId, 'things')).some((p) => p.offset !== '-1') ? true : undefined), {
          timeoutMs: 20_000,
        });
      }
    } finally {
      for (const deployment of deployments) {
        await deployment.consumer.stop();
        await deployment.producer.disconnect();
        await deployment.admin.deleteConsumerGroups([groupId]);
        await deployment.admin.deleteTopics(['things']);
        await deployment.admin.disconnect();
      }
      await rawAdmin.disconnect();
    }
  });
});
