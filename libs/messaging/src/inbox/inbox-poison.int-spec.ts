import { createEvent } from '../create-event';
import { ConsumedRecord, OutgoingMessage } from '../port';
import { readDeadLetter } from './dead-letter';
import { PipelineFixture, TEST_SOURCE } from '../testing/pipeline-fixture';
import { THING_CHANGED } from '../testing/test-events';
import { waitFor } from '../testing/wait-for';

const KEY = 'thing-poison';

function event(sequence: number, data: Record<string, unknown>): OutgoingMessage {
  return {
    key: KEY,
    value: JSON.stringify(createEvent({ type: THING_CHANGED, source: TEST_SOURCE, subject: KEY, data, sequence })),
  };
}

/** Every record has the same key, so all sit on one partition, in this order. */
const RECORDS: OutgoingMessage[] = [
  event(1, { step: 1 }),
  { key: KEY, value: '{"specversion": "1.0", "id": ' },
  event(2, { step: 2 }),
  event(3, { step: 'three' }),
  event(4, { step: 3 }),
  event(5, { step: 4, explode: true }),
  { key: KEY, value: null },
  event(6, { step: 5 }),
  // A newer version of the type: this consumer was built before it existed.
  { key: KEY, value: JSON.stringify(createEvent({ type: THING_CHANGED.replace(/\.v1$/, '.v2'), source: TEST_SOURCE, subject: KEY, data: { step: 6, more: true }, sequence: 7 })) },
];

describe('inbox with poison records', () => {
  const fixture = new PipelineFixture(1);

  beforeAll(async () => {
    await fixture.setUp();
  });

  afterAll(async () => {
    await fixture.tearDown();
  });

  it('dead-letters each with its reason, skips a type it does not know, and goes on with the partition', async () => {
    await fixture.producer().send(fixture.topic, RECORDS);
    const inbox = await fixture.startInbox({ maxAttempts: 3, backoff: { initialMs: 20, maxMs: 100 }, partitionsConsumedConcurrently: 1 });
    await waitFor('the inbox to get through every record', async () => {
      const stats = inbox.stats();
      return stats.applied + stats.duplicates + stats.deadLettered + stats.skipped >= RECORDS.length ? stats : undefined;
    }, { progress: async () => JSON.stringify(inbox.stats()) });
    expect(inbox.stats()).toEqual({ applied: 4, duplicates: 0, deadLettered: 4, skipped: 1, failedAttempts: 3 });

    const steps: { step: number }[] = await fixture.consumerDb.query('SELECT step FROM effect ORDER BY id');
    expect(steps.map((row) => row.step)).toEqual([1, 2, 3, 5]);

    const deadLetters = await readTopic(fixture, fixture.deadLetterTopic, 4);
    const infos = deadLetters.map((record) => readDeadLetter(record));
    expect(infos.map((info) => info?.originalOffset)).toEqual(['1', '3', '5', '6']);
    for (const info of infos) {
      expect(info).toMatchObject({ originalTopic: fixture.topic, originalPartition: 0, consumerGroup: fixture.groupId });
    }
    expect(infos[0]?.reason).toMatch(/^not JSON: /);
    expect(infos[0]?.attempts).toBe(0);
    expect(infos[1]?.reason).toMatch(/^invalid data of sdp\.test\.thing\.changed\.v1: .*step/s);
    expect(infos[1]?.attempts).toBe(0);
    expect(infos[2]).toMatchObject({ reason: 'handler failed 3 times; last error: Error: refusing step 4', attempts: 3 });
    expect(infos[2]?.eventId).toBe(JSON.parse(String(RECORDS[5].value)).id);
    expect(infos[3]).toMatchObject({ reason: 'empty record value', attempts: 0 });

    // The original key and bytes travel unchanged, so a fixed consumer could replay them.
    expect(deadLetters.map((record) => record.key)).toEqual([KEY, KEY, KEY, KEY]);
    expect(deadLetters.map((record) => record.value?.toString() ?? null)).toEqual([1, 3, 5, 6].map((index) => RECORDS[index].value));

    const failures: { attempts: number; last_error: string; dead_lettered: boolean }[] = await fixture.consumerDb.query(
      'SELECT attempts, last_error, dead_lettered_at IS NOT NULL AS dead_lettered FROM inbox_failure',
    );
    expect(failures).toEqual([{ attempts: 3, last_error: 'Error: refusing step 4', dead_lettered: true }]);
    expect(fixture.fatalErrors).toEqual([]);
  });
});

/** Reads a topic from the start with a throwaway consumer group until `count` records came. */
async function readTopic(fixture: PipelineFixture, topic: string, count: number): Promise<ConsumedRecord[]> {
  const groupId = `sdp-test-reader-${fixture.suffix}`;
  fixture.extraGroups.push(groupId);
  const reader = fixture.messaging.createConsumer({ groupId, maxWaitTimeMs: 200 });
  const records: ConsumedRecord[] = [];
  await reader.start({ topics: [topic], fromBeginning: true, handle: async (record) => void records.push(record) });
  try {
    await waitFor(`${count} records on ${topic}`, async () => (records.length >= count ? true : undefined), {
      progress: async () => `${records.length} so far`,
    });
  } finally {
    await reader.stop();
  }
  return records.sort((left, right) => Number(left.offset) - Number(right.offset));
}
