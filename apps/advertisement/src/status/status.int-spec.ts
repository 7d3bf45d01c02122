import { AdvertisementData, ClientStatusRow, CloudEvent, EventTypes, StatusHistoryEntry, StatusSummary, TOPICS } from '@sdp/contracts';
import { CONSISTENCY_HEADER, parseConsistencyToken } from '@sdp/messaging';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { IngestResult } from './status.service';
import type { Page } from '@sdp/service';

const packageId = 'T0300001';
const collectionId = 'T0300002';

describe('client status (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let published: { events: CloudEvent[]; stop: () => Promise<void> };
  let advertisement: AdvertisementData;
  const succeeding = randomUUID();
  const failing = randomUUID();
  const silent = randomUUID();

  function report(advertisementId: string, state: string, seq: number, extra: Record<string, unknown> = {}) {
    return { advertisementId, state, seq, at: new Date(Date.UTC(2026, 5, 1, 0, 0, seq)).toISOString(), ...extra };
  }

  function send(clientId: string, body: unknown) {
    return kit.http<IngestResult>('POST', `/clients/${clientId}/status`, { body, token: kit.clientToken(clientId) });
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({ SDP_ADMIN_TOKENS: 'dev-admin-token:admin,viewer-token:viewer' });
    published = await kit.readOwnTopic(TOPICS.advertisementClientStatus);
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
    await kit.publish(EventTypes.targeting.membershipChanged, {
      collectionId,
      membershipVersion: 1,
      added: [succeeding, failing, silent],
      removed: [],
    });
    advertisement = (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', {
          body: { name: 'Status', packageId, program: 'Install', collectionId },
        });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
  });

  afterAll(async () => {
    await published?.stop();
    await kit?.close();
  });

  it('applies each report once and ends in the same state whatever the order', async () => {
    const id = advertisement.id;
    const batch = [
      report(id, 'SUCCEEDED', 3, { messageId: 10009, exitCode: 0 }),
      report(id, 'ACCEPTED', 1, { messageId: 10002 }),
      report(id, 'RUNNING', 2, { messageId: 10005 }),
    ];
    expect((await send(succeeding, batch)).body).toEqual({ accepted: 3, duplicates: 0, unknownAdvertisements: [] });
    expect((await send(succeeding, [...batch].reverse())).body).toEqual({ accepted: 0, duplicates: 3, unknownAdvertisements: [] });

    expect((await send(failing, report(id, 'ACCEPTED', 1))).body.accepted).toBe(1);
    expect((await send(failing, report(id, 'FAILED', 3, { messageId: 10006, exitCode: 1603, detail: 'exit 1603' }))).body.accepted).toBe(1);
    expect((await send(failing, report(id, 'RUNNING', 2))).body.accepted).toBe(1);
    expect((await send(failing, [report(id, 'RUNNING', 2), report('T03FFFFF', 'ACCEPTED', 9)])).body).toEqual({
      accepted: 0,
      duplicates: 1,
      unknownAdvertisements: ['T03FFFFF'],
    });

    const status = await kit.http<{ summary: StatusSummary; items: ClientStatusRow[]; nextCursor: string | null }>('GET', `/advertisements/${id}/status`);
    expect(status.status).toBe(200);
    expect(status.body.summary).toEqual({ targeted: 3, accepted: 2, waiting: 0, running: 0, succeeded: 1, failed: 1, timedOut: 0, notReported: 1 });
    const rows = Object.fromEntries(status.body.items.map((row) => [row.clientId, row]));
    expect(rows[succeeding]).toMatchObject({ acceptanceState: 'ACCEPTED', deliveryState: 'SUCCEEDED', messageId: 10009, exitCode: 0, lastSeq: 3 });
    expect(rows[failing]).toMatchObject({ acceptanceState: 'ACCEPTED', deliveryState: 'FAILED', exitCode: 1603, detail: 'exit 1603', lastSeq: 3 });

    const firstPage = await kit.http<{ items: ClientStatusRow[]; nextCursor: string }>('GET', `/advertisements/${id}/status?limit=1`);
    expect(firstPage.body.items).toHaveLength(1);
    const secondPage = await kit.http<{ items: ClientStatusRow[]; nextCursor: string | null }>(
      'GET',
      `/advertisements/${id}/status?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body.items[0].clientId > firstPage.body.items[0].clientId).toBe(true);

    const events = await eventually(async () => {
      const mine = published.events.filter((event) => event.subject === succeeding || event.subject === failing);
      return mine.length >= 6 ? mine : undefined;
    }, 30_000, 'status events');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published.events.filter((event) => event.subject === succeeding || event.subject === failing)).toHaveLength(6);
    expect(events.every((event) => event.type === EventTypes.advertisement.clientStatusReported)).toBe(true);
    expect(events.filter((event) => event.subject === succeeding).map((event) => (event.data as { seq: number }).seq)).toEqual([3, 1, 2]);
  });

  it('keeps the history of every report and serves it per client, paged, to viewers', async () => {
    const history = await kit.query<{ seq: string; state: string }>(
      `SELECT seq, state FROM client_status_report WHERE client_id = $1 ORDER BY seq`,
      [failing],
    );
    expect(history.map((row) => [Number(row.seq), row.state])).toEqual([
      [1, 'ACCEPTED'],
      [2, 'RUNNING'],
      [3, 'FAILED'],
    ]);
    const path = `/advertisements/${advertisement.id}/status/clients/${failing}/history`;
    const first = await kit.http<Page<StatusHistoryEntry>>('GET', `${path}?limit=2`, { token: 'viewer-token' });
    expect(first.status).toBe(200);
    expect(first.body.items.map((entry) => [entry.seq, entry.state])).toEqual([
      [1, 'ACCEPTED'],
      [2, 'RUNNING'],
    ]);
    expect(first.body.items[0]).toMatchObject({ reportedAt: new Date(Date.UTC(2026, 5, 1, 0, 0, 1)).toISOString(), receivedAt: expect.any(String) });
    const second = await kit.http<Page<StatusHistoryEntry>>('GET', `${path}?limit=2&cursor=${first.body.nextCursor}`, { token: 'viewer-token' });
    expect(second.body).toMatchObject({ items: [{ seq: 3, state: 'FAILED' }], nextCursor: null });
    expect((await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${advertisement.id}/status/clients/${silent}/history`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await kit.http('GET', path, { token: kit.clientToken(failing) })).status).toBe(403);
    expect((await kit.http('GET', `/advertisements/T03FFFFF/status/clients/${failing}/history`)).status).toBe(404);
    expect((await kit.http('GET', `/advertisements/${advertisement.id}/status/clients/not-a-uuid/history`)).status).toBe(400);
    expect((await kit.http('GET', `${path}?cursor=bogus`)).status).toBe(400);
  });

  it('projects the newest report of each kind however reports are split, reordered, repeated or resent', async () => {
    const id = advertisement.id;
    const client = randomUUID();
    const state = async () =>
      (
        await kit.query<{ acceptance_state: string; acceptance_seq: string; delivery_state: string; delivery_seq: string; exit_code: string | null; detail: string | null; last_seq: string }>(
          `SELECT acceptance_state, acceptance_seq, delivery_state, delivery_seq, exit_code, detail, last_seq
           FROM client_advertisement_status WHERE advertisement_id = $1 AND client_id = $2`,
          [id, client],
        )
      ).map((row) => ({
        acceptance: [row.acceptance_state, Number(row.acceptance_seq)],
        delivery: [row.delivery_state, Number(row.delivery_seq)],
        exitCode: row.exit_code === null ? null : Number(row.exit_code),
        detail: row.detail,
        lastSeq: Number(row.last_seq),
      }));

    const first = await send(client, [
      report(id, 'RUNNING', 5),
      report(id, 'ACCEPTED', 2),
      report(id, 'WAITING', 3),
      report(id, 'RUNNING', 5, { detail: 'second copy of seq 5' }),
    ]);
    expect(first.body).toEqual({ accepted: 3, duplicates: 1, unknownAdvertisements: [] });
    expect(await state()).toEqual([{ acceptance: ['ACCEPTED', 2], delivery: ['RUNNING', 5], exitCode: null, detail: null, lastSeq: 5 }]);

    const second = await send(client, [report(id, 'WAITING', 4), report(id, 'SUCCEEDED', 6, { exitCode: 0 }), report(id, 'ACCEPTED', 2)]);
    expect(second.body).toEqual({ accepted: 2, duplicates: 1, unknownAdvertisements: [] });
    const final = [{ acceptance: ['ACCEPTED', 2], delivery: ['SUCCEEDED', 6], exitCode: 0, detail: null, lastSeq: 6 }];
    expect(await state()).toEqual(final);

    // Older reports arriving late are history only; they move nothing back.
    const late = await send(client, [report(id, 'FAILED', 1, { exitCode: 1 }), report(id, 'REJECTED', 0)]);
    expect(late.body).toEqual({ accepted: 2, duplicates: 0, unknownAdvertisements: [] });
    expect(await state()).toEqual(final);

    // A batch is all or nothing: one malformed report and none of the batch is stored.
    expect((await send(client, [report(id, 'RUNNING', 7), report(id, 'DONE', 8)])).status).toBe(400);
    expect((await send(client, [report('T03FFFFF', 'RUNNING', 9)])).body).toEqual({ accepted: 0, duplicates: 0, unknownAdvertisements: ['T03FFFFF'] });
    const history = await kit.query<{ seq: string; state: string; detail: string | null }>(
      `SELECT seq, state, detail FROM client_status_report WHERE client_id = $1 ORDER BY seq`,
      [client],
    );
    expect(history.map((row) => [Number(row.seq), row.state, row.detail])).toEqual([
      [0, 'REJECTED', null],
      [1, 'FAILED', null],
      [2, 'ACCEPTED', null],
      [3, 'WAITING', null],
      [4, 'WAITING', null],
      [5, 'RUNNING', null],
      [6, 'SUCCEEDED', null],
    ]);
    expect(await state()).toEqual(final);

    const mine = () => published.events.filter((event) => event.subject === client).map((event) => (event.data as { seq: number }).seq);
    await eventually(async () => (mine().length >= 7 ? true : undefined), 30_000, 'status events of every stored report');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mine()).toEqual([5, 2, 3, 4, 6, 1, 0]);
  });

  it('stores concurrent requests of many clients together, each with its own answer and consistency token; a bad one alone is refused', async () => {
    const id = advertisement.id;
    const clients: string[] = Array.from({ length: 40 }, () => randomUUID());
    const [twice, other] = clients;
    const answers = await Promise.all([
      ...clients.map((client) => send(client, [report(id, 'ACCEPTED', 1), report(id, 'RUNNING', 2)])),
      // The same client again at the same time: its requests are stored one after the other, whatever their order.
      send(twice, [report(id, 'SUCCEEDED', 3, { exitCode: 0 }), report(id, 'RUNNING', 2)]),
      send(other, [report(id, 'RUNNING', 3), report(id, 'DONE', 4)]),
      send(other, [report('T03FFFFF', 'ACCEPTED', 5)]),
    ]);
    const [bad, unknown] = answers.slice(clients.length + 1);
    expect(bad.status).toBe(400);
    expect(unknown.body).toEqual({ accepted: 0, duplicates: 0, unknownAdvertisements: ['T03FFFFF'] });
    const ofTwice = [answers[0], answers[clients.length]];
    expect(ofTwice.map((answer) => answer.body.accepted).reduce((sum, count) => sum + count)).toBe(3);
    expect(ofTwice.map((answer) => answer.body.duplicates).reduce((sum, count) => sum + count)).toBe(1);
    for (const [index, client] of clients.entries()) {
      const answer = answers[index];
      expect(answer.status).toBe(200);
      if (client !== twice) expect(answer.body).toEqual({ accepted: 2, duplicates: 0, unknownAdvertisements: [] });
      // Its token names its own events, none of the others stored with them.
      const positions = parseConsistencyToken(answer.headers.get(CONSISTENCY_HEADER) ?? undefined);
      expect(positions.map((position) => position.subject)).toEqual(answer.body.accepted > 0 ? [client] : []);
    }
    const rows = await kit.query<{ client_id: string; delivery_state: string; delivery_seq: string }>(
      `SELECT client_id, delivery_state, delivery_seq FROM client_advertisement_status WHERE advertisement_id = $1 AND client_id = ANY($2::uuid[])`,
      [id, clients],
    );
    expect(rows).toHaveLength(clients.length);
    expect(rows.filter((row) => row.client_id !== twice).every((row) => row.delivery_state === 'RUNNING' && Number(row.delivery_seq) === 2)).toBe(true);
    expect(rows.find((row) => row.client_id === twice)).toMatchObject({ delivery_state: 'SUCCEEDED', delivery_seq: '3' });
    const stored = await kit.query<{ count: number }>(`SELECT count(*)::int AS count FROM client_status_report WHERE client_id = ANY($1::uuid[])`, [clients]);
    expect(stored[0].count).toBe(clients.length * 2 + 1);
    const eventsOf = () => published.events.filter((event) => clients.includes(event.subject ?? ''));
    await eventually(async () => (eventsOf().length >= clients.length * 2 + 1 ? true : undefined), 30_000, 'one event per stored report');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventsOf()).toHaveLength(clients.length * 2 + 1);
    // Each client's events are numbered in order, from 1, without gaps.
    for (const client of clients) {
      const sequences = eventsOf().filter((event) => event.subject === client).map((event) => event.sequence);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
    }
  });

  it('refuses bad reports, other clients and unknown advertisements', async () => {
    const id = advertisement.id;
    const invalid = await send(succeeding, { ...report(id, 'DONE', 9) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'STATUS_REPORT_INVALID' });
    expect((await send(succeeding, { ...report(id, 'RUNNING', -1) })).status).toBe(400);
    expect((await send(succeeding, { ...report(id, 'RUNNING', 9), extra: 1 })).status).toBe(400);
    expect((await send(succeeding, [])).status).toBe(400);
    const tooMany = await send(succeeding, Array.from({ length: 1001 }, (_, seq) => report(id, 'RUNNING', seq)));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: 'STATUS_BATCH_TOO_LARGE' });
    const foreign = await kit.http('POST', `/clients/${succeeding}/status`, { body: report(id, 'RUNNING', 9), token: kit.clientToken(failing) });
    expect(foreign.status).toBe(403);
    const unknown = await kit.http<{ code: string }>('GET', '/advertisements/T03FFFFF/status');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ADVERTISEMENT_NOT_FOUND');
  });
});
