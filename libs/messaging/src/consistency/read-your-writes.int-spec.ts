import { createEvent } from '../create-event';
import { OutboxRelay } from '../outbox/outbox-relay';
import { PipelineFixture, TEST_SOURCE } from '../testing/pipeline-fixture';
import { THING_CHANGED } from '../testing/test-events';
import { testLogger } from '../testing/test-logger';
import { waitFor } from '../testing/wait-for';
import { GroupPosition, positionsToAwait, waitUntilApplied } from './applied-positions';
import { EventPosition } from './consistency-token';
import { collectWrittenEvents, WrittenEvents } from './written-events';

describe('read-your-writes on the real Kafka and PostgreSQL', () => {
  const fixture = new PipelineFixture(3);
  let relay: OutboxRelay;

  beforeAll(async () => {
    await fixture.setUp();
    relay = new OutboxRelay({
      databaseUrl: fixture.producerDatabaseUrl,
      producer: fixture.producer(),
      logger: testLogger('relay'),
      lockRetryMs: 100,
      pollIntervalMs: 100,
    });
    await relay.start();
    await fixture.startInbox({ maxAttempts: 1, backoff: { initialMs: 10, maxMs: 10 } });
  });

  afterAll(async () => {
    await relay?.stop();
    await fixture.tearDown();
  });

  const groups = () => [{ groupId: fixture.groupId, topics: [fixture.topic] }];

  async function positionsOf(subject: string): Promise<{ consumer_group: string; topic: string; sequence: string }[]> {
    return fixture.consumerDb.query('SELECT consumer_group, topic, sequence FROM inbox_position WHERE subject = $1', [subject]);
  }

  /** Writes through the outbox as a request would, returning what the request's token would name. */
  async function write(subject: string, steps: Record<string, unknown>[]): Promise<readonly EventPosition[]> {
    const written = new WrittenEvents();
    await collectWrittenEvents(written, () =>
      fixture.producerDb.transaction((manager) => fixture.outbox.enqueue(manager, steps.map((data) => ({ type: THING_CHANGED, subject, data })))),
    );
    return written.list();
  }

  it('collects what a write enqueued, records the applied position with the effect, and the wait returns once applied', async () => {
    const positions = await write('thing-ryw', [{ step: 1 }, { step: 2 }]);
    expect(positions).toEqual([
      { topic: fixture.topic, subject: 'thing-ryw', sequence: 1 },
      { topic: fixture.topic, subject: 'thing-ryw', sequence: 2 },
    ]);
    const wanted = positionsToAwait(positions, groups());
    const started = Date.now();
    const missing = await waitUntilApplied(fixture.consumerDb, wanted, { timeoutMs: 30_000 });
    expect(missing).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The effect is there by the time the wait returns: it committed with the position.
    const effects: { step: number }[] = await fixture.consumerDb.query(`SELECT step FROM effect WHERE aggregate = 'thing-ryw' ORDER BY sequence`);
    expect(effects.map((row) => row.step)).toEqual([1, 2]);
    expect(await positionsOf('thing-ryw')).toEqual([{ consumer_group: fixture.groupId, topic: fixture.topic, sequence: '2' }]);
  });

  it('times out, returning what is still missing, when the position was never applied', async () => {
    const never: GroupPosition[] = [
      { groupId: fixture.groupId, topic: fixture.topic, subject: 'thing-ryw', sequence: 99 },
      { groupId: fixture.groupId, topic: fixture.topic, subject: 'thing-never', sequence: 1 },
    ];
    const started = Date.now();
    const missing = await waitUntilApplied(fixture.consumerDb, never, { timeoutMs: 400, pollMs: 25 });
    const waited = Date.now() - started;
    expect(missing).toEqual(never);
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(2_000);
  });

  it('never moves back: an older event replayed after a newer one leaves the highest sequence', async () => {
    await write('thing-replay', [{ step: 1 }, { step: 2 }, { step: 3 }]);
    await waitFor('sequence 3 applied', async () => ((await positionsOf('thing-replay'))[0]?.sequence === '3' ? true : undefined), { timeoutMs: 30_000 });
    // A replay: sequence 1 again, as a new event ID (an ID already applied would be skipped as a duplicate).
    const replayed = createEvent({ type: THING_CHANGED, source: TEST_SOURCE, subject: 'thing-replay', data: { step: 9 }, sequence: 1 });
    await fixture.producer().send(fixture.topic, [{ key: 'thing-replay', value: JSON.stringify(replayed) }]);
    await waitFor('the replayed event applied', async () => {
      const rows: unknown[] = await fixture.consumerDb.query('SELECT 1 FROM effect WHERE event_id = $1', [replayed.id]);
      return rows.length > 0 ? true : undefined;
    }, { timeoutMs: 30_000 });
    expect(await positionsOf('thing-replay')).toEqual([{ consumer_group: fixture.groupId, topic: fixture.topic, sequence: '3' }]);
  });

  it('counts a dead-lettered event as done with, so nobody waits for it in vain', async () => {
    const positions = await write('thing-poison', [{ step: 1, explode: true }]);
    const missing = await waitUntilApplied(fixture.consumerDb, positionsToAwait(positions, groups()), { timeoutMs: 30_000 });
    expect(missing).toEqual([]);
    const effects: unknown[] = await fixture.consumerDb.query(`SELECT 1 FROM effect WHERE aggregate = 'thing-poison'`);
    expect(effects).toEqual([]);
  });
});
