import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { TOPICS } from '@sdp/contracts';
import { grantServiceAcls, revokeServiceAcls } from '@sdp/messaging';
import { EXAMPLE_DIR, statusChanged, statusRemoved } from './package-status-events';

// The example consumer run as a team would run it, as a process against the real Kafka of the
// local stack, signed in as the read-only principal (its default), on a deployment of its own.
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('examples/package-status-consumer', () => {
  const suffix = randomUUID().slice(0, 8);
  const topicPrefix = `example-${suffix}.`;
  const topic = `${topicPrefix}${TOPICS.replicationPackageStatus}`;
  // The read-only principal's groups are `example.<purpose>` within the deployment's prefix.
  const groupId = `${topicPrefix}example.package-status-consumer`;
  const acls = { brokers, clientId: `example-test-${suffix}`, credentials: DEV_KAFKA_USERS.admin };
  // The test itself publishes, as the admin.
  const kafka = new Kafka({ clientId: `example-test-${suffix}`, brokers, sasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.admin }, logLevel: logLevel.NOTHING });
  let admin: Admin;
  let producer: Producer;
  let consumer: ChildProcess | undefined;

  beforeAll(async () => {
    await grantServiceAcls(acls, { topicPrefix });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    if (consumer && consumer.exitCode === null) consumer.kill('SIGKILL');
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await revokeServiceAcls(acls, { topicPrefix });
  });

  it('prints each state change once, skips the duplicate and the invalid record, and stops on SIGTERM', async () => {
    const pending = statusChanged(1, 'INSTALL_PENDING', { installedVersion: null, bytesDone: 0, bytesTotal: 0 });
    const installed = statusChanged(2, 'INSTALLED', { installedVersion: 2, bytesDone: 100, bytesTotal: 100 });
    const removed = statusRemoved(3);
    const values = [JSON.stringify(pending), JSON.stringify(installed), JSON.stringify(installed), '{not json', JSON.stringify(removed)];
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: pending.subject, value })) });

    const output: string[] = [];
    const errors: string[] = [];
    consumer = spawn(process.execPath, [join(EXAMPLE_DIR, 'src', 'consumer.cjs')], {
      env: { ...process.env, KAFKA_BROKERS: brokers.join(','), TOPIC: topic, GROUP_ID: groupId, FROM_BEGINNING: 'true', KAFKA_SASL_USERNAME: undefined, KAFKA_SASL_PASSWORD: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    consumer.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
    consumer.stderr?.setEncoding('utf8').on('data', (chunk: string) => errors.push(chunk));

    await waitFor(
      () => output.some((line) => line.endsWith('-> removed')),
      () => `the removal line; output so far: ${JSON.stringify(output)}; errors: ${errors.join('')}`,
    );
    expect(output.filter((line) => !line.startsWith('following '))).toEqual([
      'S0100001 on dp-berlin-1: new -> INSTALL_PENDING, no version installed',
      'S0100001 on dp-berlin-1: INSTALL_PENDING -> INSTALLED, version 2 installed 100%',
      'invalid event skipped: value is not JSON',
      'S0100001 on dp-berlin-1: INSTALLED -> removed',
    ]);
    expect(output).toContain(`following ${topic} as consumer group ${groupId}; Ctrl-C stops`);

    const exited = once(consumer, 'exit');
    consumer.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it('cannot write with its read-only principal, not even to the topic it reads', async () => {
    const reader = new Kafka({ clientId: `example-test-${suffix}`, brokers, sasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.reader }, logLevel: logLevel.NOTHING, retry: { retries: 1 } });
    const attempt = reader.producer();
    try {
      await attempt.connect();
      const before = await admin.fetchTopicOffsets(topic);
      await expect(attempt.send({ topic, acks: -1, messages: [{ key: 'S0100001', value: '{}' }] })).rejects.toThrow(/authoriz/i);
      expect(await admin.fetchTopicOffsets(topic)).toEqual(before);
    } finally {
      await attempt.disconnect();
    }
  });
});
