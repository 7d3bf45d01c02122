import { Registry } from 'prom-client';
import { createEvent } from '../create-event';
import { OutgoingMessage } from '../port';
import { PipelineFixture, TEST_SOURCE } from '../testing/pipeline-fixture';
import { THING_CHANGED } from '../testing/test-events';
import { testLogger } from '../testing/test-logger';
import { waitFor } from '../testing/wait-for';
import { ConsumerLagMetrics } from './consumer-lag.metrics';
import { registerMessagingMetrics } from './messaging.metrics';

function thing(key: string, sequence: number, data: Record<string, unknown>): OutgoingMessage {
  return { key, value: JSON.stringify(createEvent({ type: THING_CHANGED, source: TEST_SOURCE, subject: key, data, sequence })) };
}

const RECORDS: OutgoingMessage[] = [
  thing('thing-a', 1, { step: 1 }),
  thing('thing-b', 1, { step: 2 }),
  thing('thing-a', 2, { step: 3, explode: true }),
  { key: 'thing-c', value: 'not json' },
  thing('thing-c', 1, { step: 4 }),
  thing('thing-b', 2, { step: 5 }),
];
const APPLIED = 4;
const DEAD_LETTERED = 2;

async function valuesOf(registry: Registry, name: string): Promise<{ labels: Record<string, string | number>; value: number }[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) {
    throw new Error(`${name} is not registered`);
  }
  return (await metric.get()).values.map(({ labels, value }) => ({ labels: labels as Record<string, string | number>, value }));
}

describe('messaging metrics on the real Kafka', () => {
  const fixture = new PipelineFixture(2);
  const registry = new Registry();
  let lag: ConsumerLagMetrics;

  beforeAll(async () => {
    await fixture.setUp();
    lag = new ConsumerLagMetrics({
      registry,
      admin: fixture.admin,
      groups: [{ groupId: fixture.groupId, topics: [fixture.topic] }],
      logger: testLogger('lag'),
    });
  });

  afterAll(async () => {
    await lag.stop();
    await fixture.tearDown();
  });

  it('shows the lag of a group that has not read yet, then dead letters and no lag once it caught up', async () => {
    const metrics = registerMessagingMetrics(registry, fixture.producerDb);
    await fixture.producer().send(fixture.topic, RECORDS);

    await lag.refresh();
    const before = await valuesOf(registry, 'sdp_consumer_lag');
    const ends = await fixture.admin.topicOffsets(fixture.topic);
    expect(before.sort((left, right) => Number(left.labels.partition) - Number(right.labels.partition))).toEqual(
      ends.map((end) => ({
        labels: { topic: fixture.topic, group: fixture.groupId, partition: String(end.partition) },
        value: Number(end.high) - Number(end.low),
      })),
    );
    expect(before.reduce((sum, entry) => sum + entry.value, 0)).toBe(RECORDS.length);

    await fixture.startInbox({ maxAttempts: 2, backoff: { initialMs: 10, maxMs: 50 }, metrics });
    await waitFor('the group to commit every record', async () => ((await fixture.groupCaughtUp()) ? true : undefined));

    await lag.refresh();
    const after = await valuesOf(registry, 'sdp_consumer_lag');
    expect(after).toHaveLength(ends.length);
    expect(after.map((entry) => entry.value)).toEqual(ends.map(() => 0));

    expect(await valuesOf(registry, 'sdp_events_dead_lettered_total')).toEqual([
      { labels: { topic: fixture.topic, group: fixture.groupId }, value: DEAD_LETTERED },
    ]);
    const consumed = await valuesOf(registry, 'sdp_events_consumed_total');
    expect(consumed.find((entry) => entry.labels.outcome === 'applied')?.value).toBe(APPLIED);
    expect(consumed.find((entry) => entry.labels.outcome === 'dead_lettered')?.value).toBe(DEAD_LETTERED);
  });
});
