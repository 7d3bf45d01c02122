import { EventTypes } from '@sdp/contracts';
import { eventually, startTestService, TestService } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadAdvertisementConfig } from '../config';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { PolicyEtagCache } from '../policy/policy-etag-cache';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { notifyPolicyChanges, PolicyChange } from './policy-change-channel';

interface StreamEvent {
  event: string;
  data: unknown;
}

/** A notification stream as a test sees it: the events so far (comments apart), and whether it ended. */
interface OpenedStream {
  status: number;
  headers: Headers;
  events: StreamEvent[];
  comments: string[];
  ended: boolean;
  close(): void;
}

/** Opens `GET /api/v1/clients/:id/notifications` and collects what it sends (a minimal reader: `event:`, one `data:` line, comments). */
async function openStream(baseUrl: string, clientId: string, token: string | null): Promise<OpenedStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/clients/${clientId}/notifications`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const stream: OpenedStream = { status: response.status, headers: response.headers, events: [], comments: [], ended: false, close: () => abort.abort() };
  if (response.status !== 200) {
    await response.text();
    stream.ended = true;
    return stream;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
          const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
          if (event !== undefined && data !== undefined) {
            stream.events.push({ event, data: JSON.parse(data) });
          }
          stream.comments.push(...lines.filter((line) => line.startsWith(':')));
        }
      }
    } catch {
      // aborted by the test
    }
    stream.ended = true;
  })();
  return stream;
}

function policyChanges(stream: OpenedStream): unknown[] {
  return stream.events.filter((event) => event.event === 'policy-changed').map((event) => event.data);
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  await eventually(async () => (condition() ? true : undefined), timeoutMs, what);
}

describe('push: notification streams of agents (real PostgreSQL, Kafka; two replicas on one database)', () => {
  let kit: AdvertisementTestKit;
  let replica: TestService;
  const opened: OpenedStream[] = [];

  /** Commits a transaction on replica A that notifies these changes, as the policy recompute worker does. */
  async function notifyThroughA(changes: PolicyChange[]): Promise<void> {
    await kit.service.app.get(DataSource).transaction((manager) => notifyPolicyChanges(manager, changes));
  }

  async function connect(baseUrl: string, clientId: string, token: string | null = kit.clientToken(clientId)): Promise<OpenedStream> {
    const stream = await openStream(baseUrl, clientId, token);
    opened.push(stream);
    if (stream.status === 200) {
      await until(`ready on ${clientId}`, () => stream.events.some((event) => event.event === 'ready'));
    }
    return stream;
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({ PUSH_HEARTBEAT_SECONDS: '1' });
    // A second replica of the same service: same database, same consumer groups, its own HTTP port.
    replica = await startReplica();
  });

  async function startReplica(): Promise<TestService> {
    return startTestService({
      service: 'advertisement',
      databasePrefix: 'advertisement_test',
      loadConfig: loadAdvertisementConfig,
      rootModule: (config, logger) => AppModule.forRoot(config, logger),
      env: { DATABASE_URL: kit.service.databaseUrl, KAFKA_CONSUMER_GROUP_PREFIX: kit.service.env.KAFKA_CONSUMER_GROUP_PREFIX },
    });
  }

  afterAll(async () => {
    for (const stream of opened) {
      stream.close();
    }
    // Not replica.close(): that would drop the database the first replica still uses.
    await replica?.app.close();
    await kit?.close();
  });

  it("tells a connected client its policy's new ETag, and no other client", async () => {
    const [one, two] = [randomUUID(), randomUUID()];
    const streamOne = await connect(kit.service.url, one);
    const streamTwo = await connect(kit.service.url, two);
    expect(streamOne.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(streamOne.headers.get('cache-control')).toBe('no-store');
    expect(streamOne.headers.get('x-accel-buffering')).toBe('no');
    expect(streamOne.events[0]).toEqual({ event: 'ready', data: { heartbeatSeconds: 1 } });

    await notifyThroughA([{ clientId: one, etag: '"etag-one"' }]);
    await until('policy-changed on client one', () => policyChanges(streamOne).length > 0);
    await notifyThroughA([{ clientId: two, etag: '"etag-two"' }]);
    await until('policy-changed on client two', () => policyChanges(streamTwo).length > 0);

    expect(policyChanges(streamOne)).toEqual([{ etag: '"etag-one"' }]);
    // In order on one connection: had client one's event reached it, it would come first.
    expect(policyChanges(streamTwo)).toEqual([{ etag: '"etag-two"' }]);
    // Heartbeats every second here (PUSH_HEARTBEAT_SECONDS=1).
    await until('keep-alive comment', () => streamOne.comments.includes(': keep-alive'), 5_000);
  });

  it("carries the client's current policy with its ETag, the one a fetch answers, and the ETag alone when none is current", async () => {
    const client = randomUUID();
    const [packageId, collectionId] = ['T0500011', 'T0500012'];
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, hasSource: false }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: client }));
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId, membershipVersion: 1, added: [client], removed: [] });
    const stream = await connect(replica.url, client);
    const created = await eventually(async () => {
      const answer = await kit.http<{ id: string }>('POST', '/advertisements', { body: { name: 'Pushed policy', packageId, program: 'Install', collectionId } });
      return answer.status === 201 ? answer.body : undefined;
    }, 30_000, 'the advertisement accepted');
    // The recompute worker stores the policy and notifies; the event names the advertisement.
    const pushed = await eventually(async () => {
      const found = (policyChanges(stream) as { etag?: string; policy?: { advertisements: { advertisementId: string }[] } }[]).find((change) =>
        change.policy?.advertisements.some((advertisement) => advertisement.advertisementId === created.id),
      );
      return found;
    }, 20_000, 'a policy-changed event carrying the new policy');
    const fetched = await fetch(`${kit.service.url}/api/v1/clients/${client}/policy`, { headers: { authorization: `Bearer ${kit.clientToken(client)}` } });
    expect(fetched.status).toBe(200);
    const current = { etag: fetched.headers.get('etag'), policy: await fetched.json() };
    // Unless it changed again meanwhile, the event is what a fetch answers.
    expect(pushed).toEqual(current);

    // A change whose policy is not current in the cache (here: none stored for this client) goes as its ETag.
    const other = randomUUID();
    const otherStream = await connect(kit.service.url, other);
    await notifyThroughA([{ clientId: other, etag: '"no-policy-stored"' }]);
    await until('policy-changed without a policy', () => policyChanges(otherStream).length > 0);
    expect(policyChanges(otherStream)).toEqual([{ etag: '"no-policy-stored"' }]);
  });

  it('reaches a client connected to the other replica than the one whose transaction notified', async () => {
    const client = randomUUID();
    const stream = await connect(replica.url, client);
    await notifyThroughA([{ clientId: randomUUID(), etag: '"someone-else"' }, { clientId: client, etag: '"on-b"' }]);
    await until('policy-changed through replica B', () => policyChanges(stream).length > 0);
    expect(policyChanges(stream)).toEqual([{ etag: '"on-b"' }]);
  });

  it('keeps one stream per client per replica: a new one ends the older', async () => {
    const client = randomUUID();
    const older = await connect(kit.service.url, client);
    const newer = await connect(kit.service.url, client);
    await until('older stream ended', () => older.ended);
    await notifyThroughA([{ clientId: client, etag: '"newest"' }]);
    await until('policy-changed on the newer stream', () => policyChanges(newer).length > 0);
    expect(policyChanges(older)).toEqual([]);
    const metrics = await (await fetch(`${kit.service.url}/metrics`)).text();
    expect(metrics).toMatch(/^sdp_push_streams_open\{[^}]*\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^sdp_push_notifications_total\{[^}]*\} [1-9]\d*$/m);
  });

  it('refuses a request without a token, with another client token, with an admin token, or for a malformed ID', async () => {
    const client = randomUUID();
    expect((await connect(kit.service.url, client, null)).status).toBe(401);
    expect((await connect(kit.service.url, client, kit.clientToken(randomUUID()))).status).toBe(403);
    expect((await connect(kit.service.url, client, 'dev-admin-token')).status).toBe(403);
    expect((await connect(kit.service.url, 'not-a-uuid', kit.clientToken('not-a-uuid'))).status).toBe(400);
  });

  it('refuses a blocked client with 403 on both replicas, and ends the stream it had open', async () => {
    const client = randomUUID();
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: client }));
    const before = await connect(kit.service.url, client);
    expect(before.status).toBe(200);
    await kit.publish(EventTypes.targeting.clientUpdated, clientFixture({ id: client, blocked: true }));
    // Credentials are checked again at each heartbeat (every second here).
    await until('the open stream of the blocked client ended', () => before.ended, 20_000);
    for (const url of [kit.service.url, replica.url]) {
      await eventually(async () => {
        const stream = await openStream(url, client, kit.clientToken(client));
        stream.close();
        return stream.status === 403 ? true : undefined;
      }, 20_000, `blocked client refused by ${url}`);
    }
  });

  it('answers polls from the ETag a replica remembers, until any replica changes that policy', async () => {
    const client = randomUUID();
    const [packageId, collectionId] = ['T0500001', 'T0500002'];
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, hasSource: false }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: client }));
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId, membershipVersion: 1, added: [client], removed: [] });
    const poll = (etag?: string) =>
      fetch(`${replica.url}/api/v1/clients/${client}/policy`, { headers: { authorization: `Bearer ${kit.clientToken(client)}`, ...(etag ? { 'if-none-match': etag } : {}) } });
    // Until the client's events have all been applied its policy may still change: follow it until B answers 304 from memory.
    let current: string | undefined;
    await eventually(async () => {
      const answer = await poll(current);
      if (answer.status === 200) {
        current = String(answer.headers.get('etag'));
        return undefined;
      }
      return answer.status === 304 && replica.app.get(PolicyEtagCache).get(client) === current ? true : undefined;
    }, 20_000, 'replica B answering 304 from the ETag it remembers');
    const first = String(current);
    expect((await poll(first)).status).toBe(304);

    // Replica A takes the advertisement; its invalidation must reach B's memory.
    await eventually(async () => {
      const created = await kit.http('POST', '/advertisements', { body: { name: 'Remembered ETags', packageId, program: 'Install', collectionId } });
      return created.status === 201 ? true : undefined;
    }, 30_000, 'the advertisement accepted by replica A');
    const second = await eventually(async () => {
      const answer = await poll(first);
      return answer.status === 200 ? String(answer.headers.get('etag')) : undefined;
    }, 20_000, 'replica B answering the new policy to the old ETag');
    expect(second).not.toBe(first);
    expect((await poll(second)).status).toBe(304);
  });

  it('after losing its LISTEN connection, a replica reconnects and tells its clients to fetch', async () => {
    const client = randomUUID();
    const stream = await connect(replica.url, client);
    // Raw SQL: ends the replicas' LISTEN sessions on this test's own database, as a failover would.
    const [{ ended }] = await kit.query<{ ended: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'sdp-advertisement-push'`,
    );
    expect(ended).toBe(2);
    await until('fetch-to-be-sure after the reconnect', () => policyChanges(stream).length > 0, 15_000);
    expect(policyChanges(stream)).toEqual([{}]);
    await notifyThroughA([{ clientId: client, etag: '"after-reconnect"' }]);
    await until('notifications flow again', () => policyChanges(stream).length > 1, 15_000);
    expect(policyChanges(stream)).toEqual([{}, { etag: '"after-reconnect"' }]);
  });

  it('ends its streams when a replica shuts down, so agents reconnect elsewhere, and the shutdown does not wait for them', async () => {
    const leaving = await startReplica();
    const stream = await connect(leaving.url, randomUUID());
    // Not leaving.close(): that would drop the database the other replicas still use.
    await leaving.app.close();
    await until('the stream ended', () => stream.ended);
  });
});
