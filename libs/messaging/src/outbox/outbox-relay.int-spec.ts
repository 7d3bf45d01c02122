import { EventValidationError } from '@sdp/contracts';
import { OutboxRelay } from './outbox-relay';
import { oneTo, PipelineFixture } from '../testing/pipeline-fixture';
import { writeThroughOutbox } from '../testing/outbox-writer';
import { RelayChild } from '../testing/relay-child';
import { THING_CHANGED } from '../testing/test-events';
import { testLogger } from '../testing/test-logger';
import { waitFor } from '../testing/wait-for';
import { connect, createServer, Server, Socket } from 'node:net';

describe('outbox', () => {
  const fixture = new PipelineFixture(6);

  beforeAll(async () => {
    await fixture.setUp();
  });

  afterAll(async () => {
    await fixture.tearDown();
  });

  async function countRows(sql: string): Promise<number> {
    const rows: { n: string }[] = await fixture.producerDb.query(sql);
    return Number(rows[0]?.n);
  }

  it('writes nothing when one event of a batch is invalid', async () => {
    const attempt = fixture.producerDb.transaction((manager) =>
      fixture.outbox.enqueue(manager, [
        { type: THING_CHANGED, subject: 'thing-valid', data: { step: 1 } },
        { type: THING_CHANGED, subject: 'thing-invalid', data: { step: -1 } },
      ]),
    );
    await expect(attempt).rejects.toThrow(EventValidationError);
    await expect(attempt).rejects.toMatchObject({ reason: expect.stringContaining('invalid data of sdp.test.thing.changed.v1') });
    await expect(
      fixture.producerDb.transaction((manager) => fixture.outbox.enqueue(manager, [{ type: 'sdp.test.thing.unknown.v1', subject: 'x', data: {} }])),
    ).rejects.toMatchObject({ reason: 'unknown event type sdp.test.thing.unknown.v1' });
    expect(await countRows('SELECT count(*) AS n FROM outbox_event')).toBe(0);
    expect(await countRows('SELECT count(*) AS n FROM outbox_aggregate_sequence')).toBe(0);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(
      fixture.outbox.enqueue(fixture.producerDb.manager, [{ type: THING_CHANGED, subject: 'thing-1', data: { step: 1 } }]),
    ).rejects.toThrow(/inside the transaction/);
    expect(await countRows('SELECT count(*) AS n FROM outbox_event')).toBe(0);
  });

  it('numbers an aggregate in commit order and rolls back with the caller', async () => {
    await fixture.producerDb.transaction((manager) =>
      fixture.outbox.enqueue(manager, [
        { type: THING_CHANGED, subject: 'thing-seq', data: { step: 1 } },
        { type: THING_CHANGED, subject: 'thing-seq', data: { step: 2 } },
      ]),
    );
    await expect(
      fixture.producerDb.transaction(async (manager) => {
        await fixture.outbox.enqueue(manager, [{ type: THING_CHANGED, subject: 'thing-seq', data: { step: 3 } }]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const [written] = await fixture.producerDb.transaction((manager) =>
      fixture.outbox.enqueue(manager, [{ type: THING_CHANGED, subject: 'thing-seq', data: { step: 4 } }]),
    );
    expect(written).toMatchObject({ subject: 'thing-seq', sequence: 3, source: 'sdp.test', data: { step: 4 } });
    const rows: { sequence: number; step: number }[] = await fixture.producerDb.query(
      `SELECT (payload->>'sequence')::int AS sequence, (payload->'data'->>'step')::int AS step FROM outbox_event WHERE message_key = 'thing-seq' ORDER BY id`,
    );
    expect(rows).toEqual([
      { sequence: 1, step: 1 },
      { sequence: 2, step: 2 },
      { sequence: 3, step: 4 },
    ]);
  });

  it('lets only the relay holding the advisory lock publish; another takes over when it stops', async () => {
    const relays = ['a', 'b'].map(
      (name) =>
        new OutboxRelay({
          databaseUrl: fixture.producerDatabaseUrl,
          producer: fixture.producer(),
          logger: testLogger(`relay-${name}`),
          lockRetryMs: 100,
          pollIntervalMs: 100,
        }),
    );
    try {
      relays.forEach((relay) => relay.start());
      const active = await waitFor('one relay to take the lock', async () => relays.find((relay) => relay.stats().leader));
      const standby = relays.find((relay) => relay !== active) as OutboxRelay;
      await writeThroughOutbox(fixture.producerDb, fixture.outbox, { events: 300, aggregates: 10, writers: 4, maxEventsPerTransaction: 5 });
      await waitFor('the active relay to publish everything', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined));

      expect(standby.stats()).toEqual({ leader: false, published: 0 });
      // 300 new rows plus the 3 the earlier tests left.
      expect(active.stats().published).toBe(303);
      expect(await fixture.publishedCount()).toBe(303);

      await active.stop();
      await waitFor('the standby relay to take the lock', async () => (standby.stats().leader ? true : undefined));
      await writeThroughOutbox(fixture.producerDb, fixture.outbox, { events: 50, aggregates: 10, writers: 2, maxEventsPerTransaction: 5 });
      await waitFor('the new active relay to publish', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined));
      expect(standby.stats().published).toBe(50);
      expect(await fixture.recordsInTopic()).toBe(353);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });

  it('loses the lock with its connection, and a relay takes over without help', async () => {
    const lockHolder = async (): Promise<number | undefined> => {
      const rows: { pid: number }[] = await fixture.producerDb.query(
        `SELECT pid FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows[0]?.pid;
    };
    const relays = ['c', 'd'].map(
      (name) =>
        new OutboxRelay({
          databaseUrl: fixture.producerDatabaseUrl,
          producer: fixture.producer(),
          logger: testLogger(`relay-${name}`),
          lockRetryMs: 100,
          pollIntervalMs: 100,
        }),
    );
    try {
      relays.forEach((relay) => relay.start());
      const firstHolder = await waitFor('a relay to take the lock', lockHolder);
      await fixture.producerDb.query('SELECT pg_terminate_backend($1)', [firstHolder]);
      const secondHolder = await waitFor('a new session to take the lock', async () => {
        const holder = await lockHolder();
        return holder !== undefined && holder !== firstHolder ? holder : undefined;
      });
      expect(secondHolder).not.toBe(firstHolder);

      const before = await fixture.recordsInTopic();
      await writeThroughOutbox(fixture.producerDb, fixture.outbox, { events: 100, aggregates: 10, writers: 2, maxEventsPerTransaction: 5 });
      await waitFor('the events to be published', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined));
      expect((await fixture.recordsInTopic()) - before).toBe(100);
      expect(relays.filter((relay) => relay.stats().leader)).toHaveLength(1);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });

  it('loses the lock when it stops talking to the database without closing the connection, and another takes over', async () => {
    // A relay that froze or was cut off: its TCP connection stays open (no FIN reaches the server)
    // but nothing travels any more. The server must end its session, and with it the lock.
    const freezer = await FreezingProxy.inFrontOf(new URL(fixture.producerDatabaseUrl));
    const frozen = new OutboxRelay({
      databaseUrl: freezer.url(fixture.producerDatabaseUrl),
      producer: fixture.producer(),
      logger: testLogger('relay-frozen'),
      lockRetryMs: 100,
      pollIntervalMs: 100,
      idleSessionTimeoutMs: 1_000,
    });
    const other = new OutboxRelay({
      databaseUrl: fixture.producerDatabaseUrl,
      producer: fixture.producer(),
      logger: testLogger('relay-other'),
      lockRetryMs: 100,
      pollIntervalMs: 100,
    });
    try {
      frozen.start();
      await waitFor('the first relay to take the lock', async () => (frozen.stats().leader ? true : undefined));
      other.start();
      freezer.freeze();
      await waitFor('the other relay to take the lock', async () => (other.stats().leader ? true : undefined), { timeoutMs: 20_000 });

      const before = await fixture.recordsInTopic();
      await writeThroughOutbox(fixture.producerDb, fixture.outbox, { events: 40, aggregates: 4, writers: 2, maxEventsPerTransaction: 5 });
      await waitFor('the events to be published', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined));
      expect((await fixture.recordsInTopic()) - before).toBe(40);
      expect(other.stats().published).toBe(40);
    } finally {
      // Cutting the frozen connection lets the frozen relay's hanging query fail, so it can stop.
      await freezer.close();
      await Promise.all([frozen.stop(), other.stop()]);
    }
  });

  it('deletes published rows once they are older than the retention', async () => {
    const relay = new OutboxRelay({
      databaseUrl: fixture.producerDatabaseUrl,
      producer: fixture.producer(),
      logger: testLogger('relay-cleanup'),
      pollIntervalMs: 100,
      retentionMs: 0,
      cleanupIntervalMs: 0,
    });
    relay.start();
    try {
      const before = await fixture.recordsInTopic();
      await writeThroughOutbox(fixture.producerDb, fixture.outbox, { events: 20, aggregates: 5, writers: 1, maxEventsPerTransaction: 3 });
      await waitFor('the outbox to be emptied', async () => ((await countRows('SELECT count(*) AS n FROM outbox_event')) === 0 ? true : undefined));
      expect((await fixture.recordsInTopic()) - before).toBe(20);
      // Sequences live on: the next event of an aggregate continues its numbering.
      expect(await countRows('SELECT count(*) AS n FROM outbox_aggregate_sequence')).toBeGreaterThan(0);
    } finally {
      await relay.stop();
    }
  });
});

describe('outbox relay killed with SIGKILL mid-publish', () => {
  const EVENTS = 10_000;
  const fixture = new PipelineFixture(6);
  const children: RelayChild[] = [];

  beforeAll(async () => {
    await fixture.setUp();
  });

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    await fixture.tearDown();
  });

  function startRelayProcess(): RelayChild {
    const child = new RelayChild({ databaseUrl: fixture.producerDatabaseUrl, batchSize: 100, pauseAfterSendMs: 25 });
    children.push(child);
    return child;
  }

  it('loses nothing and applies nothing twice after a restart', async () => {
    const expected = await writeThroughOutbox(fixture.producerDb, fixture.outbox, {
      events: EVENTS,
      aggregates: 100,
      writers: 8,
      maxEventsPerTransaction: 6,
    });
    const inbox = await fixture.startInbox();

    const first = startRelayProcess();
    const publishedBeforeKill = await waitFor(
      'the first relay process to publish half of the events',
      async () => {
        const published = await fixture.publishedCount();
        return published >= EVENTS / 2 ? published : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    first.kill('SIGKILL');
    expect(await first.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(publishedBeforeKill).toBeLessThan((EVENTS * 9) / 10);
    const publishedAtKill = await fixture.publishedCount();
    expect(publishedAtKill).toBeLessThan(EVENTS);

    const second = startRelayProcess();
    await waitFor('the second relay process to publish the rest', async () => ((await fixture.unpublishedCount()) === 0 ? true : undefined), {
      timeoutMs: 90_000,
      progress: async () => `${await fixture.unpublishedCount()} unpublished`,
    });
    const records = await fixture.recordsInTopic();
    await waitFor('the consumer to get through every record', async () => {
      const stats = inbox.stats();
      return stats.applied + stats.duplicates >= records ? stats : undefined;
    }, { timeoutMs: 90_000, progress: async () => JSON.stringify(inbox.stats()) });
    second.kill('SIGTERM');
    expect(await second.waitForExit()).toEqual({ code: 0, signal: null });

    // Rows sent but not yet marked when the first process died were sent again: Kafka holds
    // more records than events, and the inbox dropped exactly the surplus.
    expect(records).toBeGreaterThanOrEqual(EVENTS);
    expect(inbox.stats()).toEqual({ applied: EVENTS, duplicates: records - EVENTS, deadLettered: 0, skipped: 0, failedAttempts: 0 });
    expect(await fixture.effectCount()).toBe(EVENTS);
    expect(await fixture.repeatedEffects()).toEqual([]);
    const applied = await fixture.appliedOrder();
    for (const [aggregate, count] of expected) {
      expect({ aggregate, sequences: applied.get(aggregate) }).toEqual({ aggregate, sequences: oneTo(count) });
    }
    expect(fixture.fatalErrors).toEqual([]);
    process.stdout.write(
      `relay kill: published ${publishedAtKill}/${EVENTS} at SIGKILL; ${records} records in Kafka; ${records - EVENTS} duplicates absorbed by the inbox\n`,
    );
  });
});

/** A TCP relay to PostgreSQL that can stop passing bytes while keeping every connection open. */
class FreezingProxy {
  private readonly sockets = new Set<Socket>();
  private frozen = false;

  private constructor(private readonly server: Server) {}

  static async inFrontOf(target: URL): Promise<FreezingProxy> {
    const server = createServer();
    const proxy = new FreezingProxy(server);
    server.on('connection', (client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ]) {
        proxy.sockets.add(from);
        from.on('error', () => undefined);
        from.on('close', () => proxy.sockets.delete(from));
        from.on('data', (chunk: Buffer) => proxy.frozen || to.write(chunk));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as { port: number }).port);
    return url.toString();
  }

  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
