import { AdvertisementData, AdvertisementRetryRequestedData, AdvertisementStatusPage, CloudEvent, EventTypes, PolicyBody, TOPICS } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import type { IngestResult } from '../status/status.service';
import { phaseOfClient } from '../rollout/rollout-plan';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';

const packageId = 'T1740001';
const collectionId = 'T1740002';

describe('retries and truthful states (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let published: { events: CloudEvent[]; stop: () => Promise<void> };
  let advertisement: AdvertisementData;
  const failedFirst = randomUUID();
  const failedSecond = randomUUID();
  const succeeded = randomUUID();
  const running = randomUUID();
  let seq = 0;

  function send(clientId: string, state: string, at = new Date()) {
    seq += 1;
    return kit.http<IngestResult>('POST', `/clients/${clientId}/status`, {
      body: { advertisementId: advertisement.id, state, seq, at: at.toISOString() },
      token: kit.clientToken(clientId),
    });
  }

  function status() {
    return kit.http<AdvertisementStatusPage>('GET', `/advertisements/${advertisement.id}/status`);
  }

  async function retryGenerationOf(clientId: string): Promise<number | undefined> {
    const answer = await kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, { token: kit.clientToken(clientId) });
    expect(answer.status).toBe(200);
    return answer.body.advertisements.find((entry) => entry.advertisementId === advertisement.id)?.retryGeneration;
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({ SDP_ADMIN_TOKENS: 'dev-admin-token:admin,viewer-token:viewer', STATUS_TIMEOUT_GRACE_MINUTES: '15' });
    published = await kit.readOwnTopic(TOPICS.advertisementAdvertisements);
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, hasSource: false }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install', maxRunTimeMinutes: 60, retryExitCodes: [75] }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
    const members = [failedFirst, failedSecond, succeeded, running];
    for (const id of members) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId, membershipVersion: 1, added: members, removed: [] });
    advertisement = (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', {
          body: { name: 'Retries', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] },
        });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'advertisement accepted')
    ).body;
  });

  afterAll(async () => {
    await published?.stop();
    await kit?.close();
  });

  it('gives an advertisement the documented retry defaults, merges changes and delivers them in the policy', async () => {
    expect(advertisement.retry).toEqual({ maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 });
    const changed = await kit.http<AdvertisementData>('PATCH', `/advertisements/${advertisement.id}`, { body: { retry: { maxAttempts: 5 } } });
    expect(changed.status).toBe(200);
    expect(changed.body.retry).toEqual({ maxAttempts: 5, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 });
    const policy = await eventually(async () => {
      const answer = await kit.http<PolicyBody>('GET', `/clients/${succeeded}/policy`, { token: kit.clientToken(succeeded) });
      const entry = answer.body.advertisements?.find((candidate) => candidate.advertisementId === advertisement.id);
      return entry?.retry.maxAttempts === 5 ? entry : undefined;
    }, 20_000, 'policy with the new retry settings');
    expect(policy).toMatchObject({ retry: { maxAttempts: 5, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 }, retryGeneration: 0 });
    expect(policy.program.retryExitCodes).toEqual([75]);
  });

  it.each([
    [{ maxAttempts: 0 }, 'retry.maxAttempts'],
    [{ maxAttempts: 21 }, 'retry.maxAttempts'],
    [{ initialBackoffSeconds: 0 }, 'retry.initialBackoffSeconds'],
    [{ maxBackoffSeconds: 86_401 }, 'retry.maxBackoffSeconds'],
    [{ initialBackoffSeconds: 600, maxBackoffSeconds: 60 }, 'retry.maxBackoffSeconds'],
  ])('refuses retry settings %j with 422 naming %s', async (retry, field) => {
    const answer = await kit.http<{ code: string; details: { field: string }[] }>('POST', '/advertisements', {
      body: { name: 'Bad retry', packageId, program: 'Install', collectionId, retry },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('RULE_BROKEN');
    expect(answer.body.details.map((detail) => detail.field)).toEqual([field]);
  });

  it('refuses retry settings of the wrong type as a malformed request', async () => {
    const answer = await kit.http('PATCH', `/advertisements/${advertisement.id}`, { body: { retry: { maxAttempts: 'three' } } });
    expect(answer.status).toBe(400);
  });

  it('raises the retry generation in the policies of exactly the failed clients, and says so on the advertisement topic', async () => {
    for (const [clientId, final] of [
      [failedFirst, 'FAILED'],
      [failedSecond, 'FAILED'],
      [succeeded, 'SUCCEEDED'],
      [running, 'RUNNING'],
    ] as const) {
      expect((await send(clientId, 'ACCEPTED')).body.accepted).toBe(1);
      expect((await send(clientId, final)).body.accepted).toBe(1);
    }
    expect((await kit.http('POST', `/advertisements/${advertisement.id}/retry-failed`, { token: 'viewer-token' })).status).toBe(403);

    const all = await kit.http<AdvertisementRetryRequestedData>('POST', `/advertisements/${advertisement.id}/retry-failed`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ advertisementId: advertisement.id, scope: 'advertisement', clientId: null, clientCount: 2 });
    expect(await retryGenerationOf(failedFirst)).toBe(1);
    expect(await retryGenerationOf(failedSecond)).toBe(1);
    expect(await retryGenerationOf(succeeded)).toBe(0);
    expect(await retryGenerationOf(running)).toBe(0);

    const one = await kit.http<AdvertisementRetryRequestedData>('POST', `/advertisements/${advertisement.id}/retry-failed?clientId=${failedSecond}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ scope: 'client', clientId: failedSecond, clientCount: 1 });
    expect(await retryGenerationOf(failedFirst)).toBe(1);
    expect(await retryGenerationOf(failedSecond)).toBe(2);

    const events = await eventually(async () => {
      const mine = published.events.filter((event) => event.type === EventTypes.advertisement.advertisementRetryRequested && event.subject === advertisement.id);
      return mine.length >= 2 ? mine : undefined;
    }, 30_000, 'retry-requested events');
    expect(events.map((event) => event.data)).toEqual([all.body, one.body]);
  });

  it('refuses to retry a client that did not fail, a malformed client ID and an unknown advertisement', async () => {
    const notFailed = await kit.http<{ code: string }>('POST', `/advertisements/${advertisement.id}/retry-failed?clientId=${succeeded}`);
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.code).toBe('CLIENT_NOT_FAILED');
    expect(await retryGenerationOf(succeeded)).toBe(0);
    expect((await kit.http('POST', `/advertisements/${advertisement.id}/retry-failed?clientId=nope`)).status).toBe(400);
    expect((await kit.http('POST', '/advertisements/T174FFFF/retry-failed')).status).toBe(404);
  });

  it('shows a started client silent past the maximum run time plus grace as timed out, until its late report', async () => {
    const before = await status();
    expect(before.body.summary).toMatchObject({ running: 1, timedOut: 0 });
    const silentFor = async (minutes: number) => {
      const at = new Date(Date.now() - minutes * 60_000);
      await kit.query(`UPDATE client_advertisement_status SET acceptance_at = $3, delivery_at = $3 WHERE advertisement_id = $1 AND client_id = $2`, [
        advertisement.id,
        running,
        at,
      ]);
    };
    // Maximum run time 60 min plus 15 min grace.
    await silentFor(74);
    expect((await status()).body.summary).toMatchObject({ running: 1, timedOut: 0 });
    await silentFor(76);
    const timedOut = await status();
    expect(timedOut.body.summary).toMatchObject({ targeted: 4, running: 0, timedOut: 1, succeeded: 1, failed: 2 });
    expect(timedOut.body.items.find((row) => row.clientId === running)).toMatchObject({ deliveryState: 'RUNNING', timedOut: true });
    expect(timedOut.body.items.filter((row) => row.timedOut)).toHaveLength(1);

    expect((await send(running, 'SUCCEEDED')).body.accepted).toBe(1);
    const late = await status();
    expect(late.body.summary).toMatchObject({ running: 0, timedOut: 0, succeeded: 2 });
    expect(late.body.items.find((row) => row.clientId === running)).toMatchObject({ deliveryState: 'SUCCEEDED', timedOut: false });
  });

  it('shows a client silent between attempts for longer than the longest back-off as timed out too', async () => {
    const between = randomUUID();
    expect((await send(between, 'ACCEPTED')).body.accepted).toBe(1);
    expect((await send(between, 'RETRYING')).body.accepted).toBe(1);
    const silentFor = (minutes: number) =>
      kit.query(`UPDATE client_advertisement_status SET acceptance_at = $3, delivery_at = $3 WHERE advertisement_id = $1 AND client_id = $2`, [
        advertisement.id,
        between,
        new Date(Date.now() - minutes * 60_000),
      ]);
    const row = async () => (await status()).body.items.find((candidate) => candidate.clientId === between);
    // 60 min run time + 15 min grace + 3600 s longest back-off with 25 % jitter (75 min).
    await silentFor(149);
    expect(await row()).toMatchObject({ deliveryState: 'RETRYING', timedOut: false });
    await silentFor(151);
    expect(await row()).toMatchObject({ deliveryState: 'RETRYING', timedOut: true });
    expect((await status()).body.summary).toMatchObject({ timedOut: 1 });
  });

  it('retries the failed clients of one phase of a rollout only, and refuses a phase it does not have', async () => {
    const phasedCollection = 'T1740003';
    const clients = Array.from({ length: 8 }, () => randomUUID());
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: phasedCollection }));
    for (const id of clients) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: phasedCollection, membershipVersion: 1, added: clients, removed: [] });
    const phases = [{ type: 'percentage', percent: 50, gate: { type: 'approval' } }, { type: 'percentage', percent: 100 }];
    const phased = (
      await eventually(async () => {
        const answer = await kit.http<AdvertisementData>('POST', '/advertisements', { body: { name: 'Phased retries', packageId, program: 'Install', collectionId: phasedCollection, phases } });
        return answer.status === 201 ? answer : undefined;
      }, 30_000, 'phased advertisement accepted')
    ).body;
    // The rollout counts members as targeting's events placed them: wait until all eight are known here.
    await eventually(async () => {
      const [{ members }] = await kit.query<{ members: number }>('SELECT count(*)::int AS members FROM collection_member WHERE collection_id = $1', [phasedCollection]);
      return members === clients.length ? true : undefined;
    }, 20_000, 'the phased collection\'s members');
    for (const clientId of clients) {
      seq += 1;
      const answer = await kit.http<IngestResult>('POST', `/clients/${clientId}/status`, {
        body: { advertisementId: phased.id, state: 'FAILED', seq, at: new Date().toISOString() },
        token: kit.clientToken(clientId),
      });
      expect(answer.body.accepted).toBe(1);
    }
    const inFirstPhase = clients.filter((clientId) => phaseOfClient(phases as never, phased.id, clientId, () => false) === 1).sort();

    const first = await kit.http<AdvertisementRetryRequestedData>('POST', `/advertisements/${phased.id}/retry-failed?phase=1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ advertisementId: phased.id, scope: 'phase', phase: 1, clientId: null, clientCount: inFirstPhase.length });
    const retried = await kit.query<{ clientId: string }>('SELECT client_id::text AS "clientId" FROM advertisement_client_retry WHERE advertisement_id = $1 ORDER BY 1', [phased.id]);
    expect(retried.map((row) => row.clientId)).toEqual(inFirstPhase);

    const unknown = await kit.http<{ code: string; details: { field: string }[] }>('POST', `/advertisements/${phased.id}/retry-failed?phase=3`);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'PHASE_UNKNOWN', details: [{ field: 'phase' }] });
    expect((await kit.http('POST', `/advertisements/${phased.id}/retry-failed?phase=1&clientId=${clients[0]}`)).status).toBe(422);
    expect((await kit.http('POST', `/advertisements/${phased.id}/retry-failed?phase=0`)).status).toBe(400);
    const notPhased = await kit.http<{ code: string }>('POST', `/advertisements/${advertisement.id}/retry-failed?phase=1`);
    expect(notPhased.status).toBe(404);
    expect(notPhased.body.code).toBe('ROLLOUT_NOT_FOUND');
  });
});
