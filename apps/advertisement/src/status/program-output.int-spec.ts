import {
  AdvertisementData,
  AdvertisementRetryRequestedData,
  AdvertisementStatusPage,
  ClientAdvertisementsPage,
  CloudEvent,
  EventTypes,
  PolicyBody,
  StatusHistoryEntry,
  TOPICS,
} from '@sdp/contracts';
import type { Page } from '@sdp/service';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { IngestResult } from './status.service';

const packageId = 'T1600001';
const memberCollection = 'T1600002';
const otherCollection = 'T1600003';

describe('program output, the client page and rerun (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let statusEvents: { events: CloudEvent[]; stop: () => Promise<void> };
  let advertisementEvents: { events: CloudEvent[]; stop: () => Promise<void> };
  let applying: AdvertisementData;
  let elsewhere: AdvertisementData;
  const client = randomUUID();
  let seq = 0;

  function report(advertisementId: string, state: string, extra: Record<string, unknown> = {}) {
    seq += 1;
    return { advertisementId, state, seq, at: new Date(Date.UTC(2026, 5, 1, 0, 0, seq)).toISOString(), ...extra };
  }

  function send(body: unknown) {
    return kit.http<IngestResult & { code?: string; details?: { field: string; problems: string[] }[] }>('POST', `/clients/${client}/status`, {
      body,
      token: kit.clientToken(client),
    });
  }

  async function createAdvertisement(name: string, collectionId: string): Promise<AdvertisementData> {
    return (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', { body: { name, packageId, program: 'Install', collectionId } });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({
      SDP_ADMIN_TOKENS: 'dev-admin-token:admin,viewer-token:viewer,operator-token:operator',
      STATUS_OUTPUT_KEPT_PER_CLIENT: '2',
    });
    statusEvents = await kit.readOwnTopic(TOPICS.advertisementClientStatus);
    advertisementEvents = await kit.readOwnTopic(TOPICS.advertisementAdvertisements);
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, hasSource: false }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: memberCollection }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: otherCollection }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: client }));
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: memberCollection, membershipVersion: 1, added: [client], removed: [] });
    applying = await createAdvertisement('B applies', memberCollection);
    elsewhere = await createAdvertisement('A elsewhere', otherCollection);
  });

  afterAll(async () => {
    await statusEvents?.stop();
    await advertisementEvents?.stop();
    await kit?.close();
  });

  it('stores the output and package version of a report and serves them with the message text in status, history and the event', async () => {
    const output = { stdout: 'unpacking\n', stderr: '/bin/sh: 1: ./install.sh: Permission denied\n\\u{001B}[31m', truncated: true };
    const running = report(applying.id, 'RUNNING', { messageId: 10005, packageVersion: 3 });
    const failed = report(applying.id, 'FAILED', { messageId: 10006, exitCode: 126, detail: 'S:Install exited with 126', output, packageVersion: 3 });
    expect((await send([running, failed])).body).toMatchObject({ accepted: 2 });

    const status = await kit.http<AdvertisementStatusPage>('GET', `/advertisements/${applying.id}/status`, { token: 'viewer-token' });
    expect(status.body.items).toEqual([
      expect.objectContaining({ clientId: client, deliveryState: 'FAILED', messageId: 10006, messageText: 'Program failed', exitCode: 126, packageVersion: 3, output }),
    ]);
    const newestFirst = await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${applying.id}/clients/${client}/history`, { token: 'viewer-token' });
    expect(newestFirst.status).toBe(200);
    expect(newestFirst.body.items.map((entry) => [entry.seq, entry.state, entry.messageText, entry.packageVersion, entry.output])).toEqual([
      [failed.seq, 'FAILED', 'Program failed', 3, output],
      [failed.seq - 1, 'RUNNING', 'Program started', 3, null],
    ]);
    const paged = await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${applying.id}/clients/${client}/history?limit=1`);
    const rest = await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${applying.id}/clients/${client}/history?limit=1&cursor=${paged.body.nextCursor}`);
    expect([...paged.body.items, ...rest.body.items].map((entry) => entry.seq)).toEqual([failed.seq, failed.seq - 1]);
    const oldestFirst = await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${applying.id}/status/clients/${client}/history`);
    expect(oldestFirst.body.items.at(-1)).toMatchObject({ seq: failed.seq, output, packageVersion: 3, messageText: 'Program failed' });
    expect((await kit.http('GET', `/advertisements/${applying.id}/clients/${client}/history`, { token: kit.clientToken(client) })).status).toBe(403);

    const event = await eventually(
      async () => statusEvents.events.find((candidate) => (candidate.data as { seq: number }).seq === failed.seq && candidate.subject === client),
      20_000,
      'status event',
    );
    expect(event.data).toMatchObject({ state: 'FAILED', output, packageVersion: 3 });
  });

  it('refuses output longer than the limit or with raw control characters with 422 naming the field, storing nothing of the request', async () => {
    const before = await kit.query<{ count: string }>(`SELECT count(*) FROM client_status_report WHERE client_id = $1`, [client]);
    const tooLong = await send([
      report(applying.id, 'RUNNING'),
      report(applying.id, 'FAILED', { output: { stdout: '', stderr: 'x'.repeat(16_385), truncated: true } }),
    ]);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ code: 'STATUS_OUTPUT_INVALID', details: [{ field: '1.output.stderr', problems: [expect.stringContaining('at most 16384')] }] });
    const raw = await send(report(applying.id, 'FAILED', { output: { stdout: 'red\u001b[31m', stderr: '', truncated: false } }));
    expect(raw.status).toBe(422);
    expect(raw.body.details).toEqual([{ field: 'output.stdout', problems: [expect.stringContaining('U+001B')] }]);
    const after = await kit.query<{ count: string }>(`SELECT count(*) FROM client_status_report WHERE client_id = $1`, [client]);
    expect(after[0].count).toBe(before[0].count);
    // The largest output allowed is stored.
    expect((await send(report(applying.id, 'FAILED', { output: { stdout: 'y'.repeat(16_384), stderr: '', truncated: true } }))).status).toBe(200);
  });

  it('keeps output on the newest STATUS_OUTPUT_KEPT_PER_CLIENT reports with output of the pair only', async () => {
    for (const text of ['third', 'fourth']) {
      expect((await send(report(applying.id, 'FAILED', { messageId: 10006, output: { stdout: text, stderr: '', truncated: false }, packageVersion: 4 }))).status).toBe(200);
    }
    const rows = await kit.query<{ state: string; stdout: string | null }>(
      `SELECT state, output->>'stdout' AS stdout FROM client_status_report WHERE client_id = $1 AND advertisement_id = $2 ORDER BY seq DESC`,
      [client, applying.id],
    );
    expect(rows.filter((row) => row.stdout !== null).map((row) => row.stdout)).toEqual(['fourth', 'third']);
    expect(rows.filter((row) => row.state === 'FAILED').length).toBeGreaterThanOrEqual(4);
  });

  it("lists every advertisement for a client's page: applies or not with Explain's reason, state and last failure", async () => {
    const page = await kit.http<ClientAdvertisementsPage>('GET', `/clients/${client}/advertisements`, { token: 'viewer-token' });
    expect(page.status).toBe(200);
    const mine = page.body.items.filter((item) => [applying.id, elsewhere.id].includes(item.advertisementId));
    expect(mine.map((item) => item.advertisementName)).toEqual(['A elsewhere', 'B applies']);
    expect(mine[0]).toMatchObject({ applies: false, reason: `not a member of ${otherCollection} or its subcollections`, state: null, lastFailure: null, packageId, programName: 'Install' });
    expect(mine[1]).toMatchObject({
      applies: true,
      reason: null,
      state: 'FAILED',
      messageId: 10006,
      messageText: 'Program failed',
      packageVersion: 4,
      lastReportAt: expect.any(String),
      lastFailure: { state: 'FAILED', messageText: 'Program failed', packageVersion: 4, output: { stdout: 'fourth', stderr: '', truncated: false } },
    });
    expect((await kit.http('GET', `/clients/${client}/advertisements`, { token: kit.clientToken(client) })).status).toBe(403);
    expect((await kit.http<{ code: string }>('GET', `/clients/${randomUUID()}/advertisements`)).body.code).toBe('CLIENT_NOT_FOUND');
    expect((await kit.http('GET', `/clients/not-a-uuid/advertisements`)).status).toBe(400);
  });

  it('reruns an advertisement for one client whatever its state: a new generation marked as rerun, its policy, an event; operators only', async () => {
    // A succeeded client: retry-failed would not touch it, rerun does.
    const succeeded = report(applying.id, 'SUCCEEDED', { messageId: 10009, exitCode: 0, packageVersion: 4, output: { stdout: 'installed\n', stderr: '', truncated: false } });
    expect((await send(succeeded)).status).toBe(200);
    // A status page carries output for failures only; the history has it.
    const status = await kit.http<AdvertisementStatusPage>('GET', `/advertisements/${applying.id}/status`);
    expect(status.body.items).toEqual([expect.objectContaining({ deliveryState: 'SUCCEEDED', messageText: 'Program completed successfully', output: null })]);
    const newest = await kit.http<Page<StatusHistoryEntry>>('GET', `/advertisements/${applying.id}/clients/${client}/history?limit=1`);
    expect(newest.body.items).toEqual([expect.objectContaining({ seq: succeeded.seq, output: { stdout: 'installed\n', stderr: '', truncated: false } })]);
    const path = `/advertisements/${applying.id}/clients/${client}/rerun`;
    expect((await kit.http('POST', path, { token: 'viewer-token' })).status).toBe(403);
    expect((await kit.http('POST', path, { token: kit.clientToken(client) })).status).toBe(403);
    const accepted = await kit.http('POST', path, { token: 'operator-token' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ advertisementId: applying.id, clientId: client });
    const policy = await kit.http<PolicyBody>('GET', `/clients/${client}/policy`, { token: kit.clientToken(client) });
    const entry = policy.body.advertisements.find((candidate) => candidate.advertisementId === applying.id);
    expect(entry).toMatchObject({ retryGeneration: 1, rerunGeneration: 1 });
    const event = await eventually(
      async () => advertisementEvents.events.find((candidate) => candidate.type === EventTypes.advertisement.advertisementRetryRequested && candidate.subject === applying.id),
      20_000,
      'retry-requested event',
    );
    expect(event.data).toMatchObject({ advertisementId: applying.id, scope: 'client', clientId: client, clientCount: 1, rerun: true } satisfies Partial<AdvertisementRetryRequestedData>);

    const notTargeted = await kit.http<{ code: string; message: string }>('POST', `/advertisements/${elsewhere.id}/clients/${client}/rerun`, { token: 'operator-token' });
    expect(notTargeted.status).toBe(409);
    expect(notTargeted.body).toMatchObject({ code: 'CLIENT_NOT_TARGETED', message: expect.stringContaining(`not a member of ${otherCollection}`) });
    expect((await kit.http('POST', `/advertisements/T16FFFFF/clients/${client}/rerun`, { token: 'operator-token' })).status).toBe(404);
    expect((await kit.query(`SELECT 1 FROM advertisement_client_retry WHERE advertisement_id = $1`, [elsewhere.id])).length).toBe(0);
  });
});
