import { OutboxRelay } from './outbox/outbox-relay';
import { InboxConsumer } from './inbox/inbox-consumer';
import { oneTo, PipelineFixture } from './testing/pipeline-fixture';
import { writeThroughOutbox } from './testing/outbox-writer';
import { testLogger } from './testing/test-logger';
import { waitFor } from './testing/wait-for';

const EVENTS = 10_000;
const AGGREGATES = 100;

/**
 * Outbox → relay → real Kafka (kafkajs against the 4.x broker) → inbox, end to end: every
 * event applied exactly once and in order per aggregate, and a full redelivery changes nothing.
 */
describe('outbox and inbox over Kafka', () => {
  const fixture = new PipelineFixture(6);
  let relay: OutboxRelay;
  let members: InboxConsumer[] = [];
  let expected: Map<string, number>;

  beforeAll(async () => {
    await fixture.setUp();
  });

  afterAll(async () => {
    await relay?.stop();
    await fixture.tearDown();
  });

  it(`applies ${EVENTS} events over ${AGGREGATES} aggregates exactly once, in order per aggregate`, async () => {
    relay = new OutboxRelay({
      databaseUrl: fixture.producerDatabaseUrl,
      producer: fixture.producer(),
      logger: testLogger('relay'),
    });
    relay.start();
    const first = await fixture.startInbox();

    // The relay and the consumer run while the writers write; a second member joins the group
    // mid-stream, so partitions move between members while records are in flight.
    const writing = writeThroughOutbox(fixture.producerDb, fixture.outbox, {
      events: EVENTS,
      aggregates: AGGREGATES,
      writers: 8,
      maxEventsPerTransaction: 6,
    });
    await waitFor('the first member to apply a fifth of the events', async () => (first.stats().applied >= EVENTS / 5 ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 20,
    });
    const second = await fixture.startInbox();
    expected = await writing;

    await waitFor('the relay to publish every event', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined), {
      timeoutMs: 90_000,
      progress: async () => `${await fixture.unpublishedCount()} unpublished`,
    });
    await waitFor('the group to commit the end of every partition', async () => ((await fixture.groupCaughtUp()) ? true : undefined), {
      timeoutMs: 90_000,
      progress: async () => `${await fixture.effectCount()} effects`,
    });

    expect(relay.stats()).toEqual({ leader: true, published: EVENTS });
    expect(second.stats().applied).toBeGreaterThan(0);
    expect(first.stats().applied + second.stats().applied).toBe(EVENTS);
    expect(first.stats().deadLettered + second.stats().deadLettered + first.stats().failedAttempts + second.stats().failedAttempts).toBe(0);
    expect(await fixture.effectCount()).toBe(EVENTS);
    expect(await fixture.repeatedEffects()).toEqual([]);
    const applied = await fixture.appliedOrder();
    expect(applied.size).toBe(expected.size);
    for (const [aggregate, count] of expected) {
      expect({ aggregate, sequences: applied.get(aggregate) }).toEqual({ aggregate, sequences: oneTo(count) });
    }
    expect(fixture.fatalErrors).toEqual([]);
    members = [first, second];
  });

  it('delivers every event again after the group is rewound, and nothing is applied twice', async () => {
    for (const member of members) {
      await fixture.stopInbox(member);
    }
    await fixture.admin.resetGroupOffsetsToEarliest(fixture.groupId, fixture.topic);
    const records = await fixture.recordsInTopic();

    const again = await fixture.startInbox();
    await waitFor('the rewound group to get through every record again', async () => {
      const stats = again.stats();
      return stats.applied + stats.duplicates >= records ? stats : undefined;
    }, { timeoutMs: 90_000, progress: async () => JSON.stringify(again.stats()) });

    expect(again.stats()).toEqual({ applied: 0, duplicates: records, deadLettered: 0, skipped: 0, failedAttempts: 0 });
    expect(await fixture.effectCount()).toBe(EVENTS);
    expect(await fixture.repeatedEffects()).toEqual([]);
    const inboxRows: { n: string }[] = await fixture.consumerDb.query('SELECT count(*) AS n FROM inbox_event WHERE consumer_group = $1', [
      fixture.groupId,
    ]);
    expect(Number(inboxRows[0]?.n)).toBe(EVENTS);
    expect(fixture.fatalErrors).toEqual([]);
  });
});
