import { AdvertisementView, CloudEvent, EventTypes, PackageStatusChangedData, PolicyBody, RolloutTransitionData, RolloutView, TOPICS } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { computePolicies } from '../policy/policy-computation';
import { PolicyRecomputeWorker } from '../policy/policy-recompute-worker';
import type { Explanation } from '../policy/policy.service';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { ringPosition } from './rollout-plan';

const readyPackage = 'T0B00001';
const lateContentPackage = 'T0B00002';
const target = 'T0B00003';
const pilot = 'T0B00004';
const unknownCollection = 'T0B0FFFF';
const CLIENTS = 24;
const VIEWER_TOKEN = 'rollout-viewer-token-1';
const OPERATOR_TOKEN = 'rollout-operator-token-1';

function installed(packageId: string): PackageStatusChangedData {
  return {
    packageId,
    distributionPoint: 'rollout-dp',
    state: 'INSTALLED',
    stateCode: 0,
    desiredVersion: 1,
    installedVersion: 1,
    attempts: 1,
    lastError: null,
    bytesDone: 10,
    bytesTotal: 10,
    filesDone: 1,
    filesTotal: 1,
    siteCode: 'S01',
    boundaries: ['10.1.0.0/16'],
    protected: false,
    updatedAt: new Date().toISOString(),
  };
}

describe('phased deployments (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let dataSource: DataSource;
  let worker: PolicyRecomputeWorker;
  let topic: { events: CloudEvent[]; stop: () => Promise<void> };
  const clients: string[] = Array.from({ length: CLIENTS }, () => randomUUID());
  const pilots = clients.slice(0, 3);
  const seqs = new Map<string, number>();

  async function advertise(name: string, extra: Record<string, unknown>) {
    return kit.http<AdvertisementView & { code?: string; details?: { field: string }[] }>('POST', '/advertisements', {
      body: { name, packageId: readyPackage, program: 'Install', collectionId: target, mandatory: [{ type: 'asap' }], ...extra },
    });
  }

  async function created(name: string, extra: Record<string, unknown>): Promise<AdvertisementView> {
    const answer = await advertise(name, extra);
    expect(answer.status).toBe(201);
    return answer.body;
  }

  function rollout(advertisementId: string) {
    return kit.http<RolloutView & { code?: string; message?: string }>('GET', `/advertisements/${advertisementId}/rollout`);
  }

  function control(advertisementId: string, action: 'pause' | 'resume' | 'approve' | 'cancel', token?: string) {
    return kit.http<RolloutView & { code?: string; message?: string }>('POST', `/advertisements/${advertisementId}/rollout/${action}`, { token });
  }

  async function rolloutWhere(advertisementId: string, accept: (view: RolloutView) => boolean, what: string): Promise<RolloutView> {
    return (await eventually(async () => {
      const answer = await rollout(advertisementId);
      return answer.status === 200 && accept(answer.body) ? answer : undefined;
    }, 30_000, what)).body;
  }

  function rolloutEvent(advertisementId: string, type: string, accept: (data: RolloutTransitionData) => boolean = () => true): Promise<RolloutTransitionData> {
    return eventually(async () => {
      const event = topic.events.find((candidate) => candidate.type === type && candidate.subject === advertisementId && accept(candidate.data as RolloutTransitionData));
      return event?.data as RolloutTransitionData | undefined;
    }, 30_000, `${type} of ${advertisementId} on Kafka`);
  }

  async function report(clientId: string, advertisementId: string, state: string) {
    const seq = (seqs.get(clientId) ?? 0) + 1;
    seqs.set(clientId, seq);
    const answer = await kit.http<{ accepted: number }>('POST', `/clients/${clientId}/status`, {
      token: kit.clientToken(clientId),
      body: [{ advertisementId, state, seq, at: new Date().toISOString() }],
    });
    expect(answer.body.accepted).toBe(1);
  }

  function explain(clientId: string, advertisementId: string) {
    return kit.http<Explanation>('GET', `/clients/${clientId}/explain?advertisementId=${advertisementId}`);
  }

  /** Eventually the client is a member of the target (as the projection knows it) and whether it is offered the advertisement. */
  async function offered(clientId: string, advertisementId: string): Promise<Explanation> {
    return (await eventually(async () => {
      const answer = await explain(clientId, advertisementId);
      return answer.status === 200 && answer.body.checks.find((check) => check.condition === 'member')?.passed ? answer : undefined;
    }, 30_000, `${clientId} a member`)).body;
  }

  function offers(body: PolicyBody, advertisementId: string): boolean {
    return body.advertisements.some((entry) => entry.advertisementId === advertisementId);
  }

  /** A new client whose ring position for the advertisement is in [from, to). */
  function clientInRing(advertisementId: string, from: number, to: number): string {
    for (;;) {
      const id = randomUUID();
      const position = ringPosition(advertisementId, id);
      if (position >= from && position < to) return id;
    }
  }

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start({
      ROLLOUT_GATE_INTERVAL_MS: '300',
      ROLLOUT_REPORT_DEBOUNCE_MS: '50',
      SDP_ADMIN_TOKENS: `dev-admin-token:admin,${VIEWER_TOKEN}:viewer,${OPERATOR_TOKEN}:operator`,
    });
    dataSource = kit.service.app.get(DataSource);
    worker = kit.service.app.get(PolicyRecomputeWorker);
    topic = await kit.readOwnTopic(TOPICS.advertisementAdvertisements);
    for (const packageId of [readyPackage, lateContentPackage]) {
      await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId, sourceVersion: 1 }));
      await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    }
    await kit.publish(EventTypes.replication.packageStatusChanged, installed(readyPackage));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: target }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: pilot }));
    for (const id of clients) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: target, membershipVersion: 1, added: clients, removed: [] });
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: pilot, membershipVersion: 1, added: pilots, removed: [] });
    await eventually(async () => {
      const [{ members }] = await kit.query<{ members: number }>(`SELECT count(*)::int AS members FROM collection_member WHERE client_id = ANY($1::uuid[])`, [clients]);
      const [{ known }] = await kit.query<{ known: number }>(`SELECT count(*)::int AS known FROM known_client WHERE id = ANY($1::text[])`, [clients]);
      const [{ contents }] = await kit.query<{ contents: number }>(`SELECT count(*)::int AS contents FROM package_dp_content WHERE package_id = $1`, [readyPackage]);
      const programs = await kit.query(`SELECT 1 FROM known_program WHERE package_id = ANY($1::text[])`, [[readyPackage, lateContentPackage]]);
      return members === CLIENTS + pilots.length && known === CLIENTS && contents === 1 && programs.length === 2 ? true : undefined;
    }, 90_000, 'clients, memberships, programs and content projected');
  }, 180_000);

  afterAll(async () => {
    await topic?.stop();
    await kit?.close();
  });

  it('refuses phases that do not add up with a 422 naming the field', async () => {
    const ring = (percent: number, extra: Record<string, unknown> = {}) => ({ type: 'percentage', percent, ...extra });
    const cases: [unknown[], string, number][] = [
      [[ring(10), ring(5), ring(100)], 'phases[1].percent', 422],
      [[ring(10), ring(150)], 'phases[1].percent', 422],
      [[ring(10), ring(50)], 'phases[1].percent', 422],
      [[ring(100, { successPercent: 120 })], 'phases[0].successPercent', 422],
      [[ring(100, { failureThreshold: { percent: -1 } })], 'phases[0].failureThreshold.percent', 422],
      [[{ type: 'collection', collectionId: unknownCollection }], 'phases[0].collectionId', 422],
    ];
    for (const [phases, field, status] of cases) {
      const answer = await advertise('Bad phases', { phases });
      expect({ field, status: answer.status, fields: answer.body.details?.map((detail) => detail.field) }).toEqual({ field, status, fields: [field] });
    }
    expect(await kit.query(`SELECT 1 FROM advertisement WHERE name = 'Bad phases'`)).toEqual([]);
    // Phases are fixed at creation; an advertisement without them has no rollout.
    const plain = await created('Everyone at once', {});
    expect(plain.rollout).toBeNull();
    expect((await kit.http('PATCH', `/advertisements/${plain.id}`, { body: { phases: [ring(100)] } })).status).toBe(400);
    const none = await rollout(plain.id);
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 404, code: 'ROLLOUT_NOT_FOUND' });
    expect((await control(plain.id, 'approve')).status).toBe(404);
  });

  it('offers a ring rollout to its open rings, alike on the request path and in the worker; latecomers wait for their ring; failures pause it', async () => {
    const advertisement = await created('Half first', {
      phases: [
        { type: 'percentage', percent: 50, gate: { type: 'approval' } },
        { type: 'percentage', percent: 100, failureThreshold: { percent: 5 } },
      ],
    });
    const firstRing = new Set(clients.filter((id) => ringPosition(advertisement.id, id) < 5000));
    const secondRing = clients.filter((id) => !firstRing.has(id));
    expect(firstRing.size).toBeGreaterThan(0);
    expect(secondRing.length).toBeGreaterThan(0);

    const opened = await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutPhaseOpened);
    expect(opened).toMatchObject({ advertisementId: advertisement.id, state: 'active', phase: 1, openPhases: 1, phases: 2, reason: null });
    const view = await rolloutWhere(advertisement.id, (candidate) => candidate.openPhases === 1, 'phase 1 open');
    expect(view.phases.map((phase) => [phase.targeted, phase.open])).toEqual([
      [firstRing.size, true],
      [secondRing.length, false],
    ]);
    expect(view.phases[0]).toMatchObject({ successPercent: 95, failureThreshold: { percent: 5 }, gate: { type: 'approval' }, criterionMet: false });

    // Approving before the phase met its criterion: nothing waits for approval.
    const early = await control(advertisement.id, 'approve');
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'ROLLOUT_STATE_CONFLICT' });
    expect(early.body.message).toMatch(/not waiting for approval/);
    // A viewer may look but not control.
    expect((await kit.http('GET', `/advertisements/${advertisement.id}/rollout`, { token: VIEWER_TOKEN })).status).toBe(200);
    expect((await control(advertisement.id, 'pause', VIEWER_TOKEN)).status).toBe(403);

    // The worker's cached policies: the first ring has it, the second not.
    await eventually(async () => {
      const rows = await kit.query<{ client_id: string; body: PolicyBody }>(`SELECT client_id::text, body FROM client_policy WHERE client_id = ANY($1::uuid[])`, [clients]);
      return rows.length === CLIENTS && rows.every((row) => offers(row.body, advertisement.id) === firstRing.has(row.client_id)) ? true : undefined;
    }, 30_000, 'cached policies by ring');
    // The request path computes the same policies.
    await worker.stop();
    try {
      const batch = await computePolicies(dataSource, clients);
      await kit.query(`DELETE FROM client_policy WHERE client_id = ANY($1::uuid[])`, [clients]);
      for (const [index, clientId] of clients.entries()) {
        const answer = await kit.http<PolicyBody>('GET', `/clients/${clientId}/policy`, { token: kit.clientToken(clientId) });
        expect({ clientId, offered: offers(answer.body, advertisement.id) }).toEqual({ clientId, offered: firstRing.has(clientId) });
        expect({ etag: answer.headers.get('etag'), body: answer.body }).toEqual({ etag: batch.policies[index].etag, body: batch.policies[index].body });
      }
    } finally {
      worker.start();
    }

    // Clients that join the collection mid-rollout fall into their ring.
    const lateFirst = clientInRing(advertisement.id, 0, 5000);
    const lateSecond = clientInRing(advertisement.id, 5000, 10_000);
    for (const id of [lateFirst, lateSecond]) {
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id }));
    }
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: target, membershipVersion: 2, added: [lateFirst, lateSecond], removed: [] });
    expect((await offered(lateFirst, advertisement.id)).applies).toBe(true);
    const waiting = await offered(lateSecond, advertisement.id);
    expect({ applies: waiting.applies, excludedBy: waiting.excludedBy }).toEqual({ applies: false, excludedBy: 'rollout-phase' });
    expect(waiting.checks.find((check) => check.condition === 'rollout-phase')?.detail).toBe('in phase 2 of 2; phases 1–1 are open');

    // The first ring succeeds: the approval gate waits for an administrator.
    for (const id of [...firstRing, lateFirst]) {
      await report(id, advertisement.id, 'SUCCEEDED');
    }
    expect(await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutWaitingForApproval)).toMatchObject({ state: 'waiting-for-approval', phase: 2, openPhases: 1 });
    expect((await control(advertisement.id, 'approve', VIEWER_TOKEN)).status).toBe(403);
    const approved = await control(advertisement.id, 'approve', OPERATOR_TOKEN);
    expect({ status: approved.status, state: approved.body.state, openPhases: approved.body.openPhases }).toEqual({ status: 200, state: 'active', openPhases: 2 });
    expect(await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutPhaseOpened, (data) => data.phase === 2)).toMatchObject({ openPhases: 2 });
    // The latecomer of the second ring gets it now that its phase is open, through the worker's policy.
    await eventually(async () => {
      const [row] = await kit.query<{ body: PolicyBody }>(`SELECT body FROM client_policy WHERE client_id = $1`, [lateSecond]);
      return row && offers(row.body, advertisement.id) ? true : undefined;
    }, 30_000, 'the second-ring latecomer offered it');

    // One failure among the second ring's clients reaches 5 %: the rollout pauses by itself, with the reason on Kafka.
    await report(secondRing[0], advertisement.id, 'FAILED');
    const paused = await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutPaused);
    expect(paused).toMatchObject({ state: 'paused', phase: 2, openPhases: 2 });
    expect(paused.reason).toBe(`phase 2: 1 of ${secondRing.length + 1} clients failed (${Math.round(1000 / (secondRing.length + 1)) / 10} %), threshold 5 %`);
    const pausedView = (await rollout(advertisement.id)).body;
    expect({ state: pausedView.state, reason: pausedView.reason, failed: pausedView.phases[1].failed }).toEqual({ state: 'paused', reason: paused.reason, failed: 1 });
    // Every answer about the advertisement says where its rollout stands.
    const glance = { state: 'paused', openPhases: 2, phases: 2 };
    expect((await kit.http<AdvertisementView>('GET', `/advertisements/${advertisement.id}`)).body.rollout).toEqual(glance);
    const listed = await kit.http<{ items: AdvertisementView[] }>('GET', '/advertisements?limit=100');
    expect(listed.body.items.find((item) => item.id === advertisement.id)?.rollout).toEqual(glance);
    // Paused: the open phases stay offered.
    expect((await explain(lateSecond, advertisement.id)).body.applies).toBe(true);

    const approveWhilePaused = await control(advertisement.id, 'approve');
    expect(approveWhilePaused.status).toBe(409);
    const resumed = await control(advertisement.id, 'resume');
    expect({ status: resumed.status, state: resumed.body.state, failed: resumed.body.phases[1].failed }).toEqual({ status: 200, state: 'active', failed: 0 });
    expect(await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutResumed)).toMatchObject({ state: 'active', phase: 2 });
    expect((await control(advertisement.id, 'resume')).status).toBe(409);

    // Cancelled: withdrawn from every client.
    const cancelled = await control(advertisement.id, 'cancel');
    expect({ status: cancelled.status, state: cancelled.body.state }).toEqual({ status: 200, state: 'cancelled' });
    expect(await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutCancelled)).toMatchObject({ state: 'cancelled' });
    await eventually(async () => {
      const rows = await kit.query<{ body: PolicyBody }>(`SELECT body FROM client_policy WHERE client_id = ANY($1::uuid[])`, [[...clients, lateFirst, lateSecond]]);
      return rows.length === CLIENTS + 2 && rows.every((row) => !offers(row.body, advertisement.id)) ? true : undefined;
    }, 30_000, 'withdrawn from every cached policy');
    expect((await control(advertisement.id, 'cancel')).status).toBe(409);
  }, 120_000);

  it('places clients in collection phases: the pilot first, the rest of the target in the last phase', async () => {
    const advertisement = await created('Pilot first', {
      phases: [
        { type: 'collection', collectionId: pilot, gate: { type: 'approval' } },
        { type: 'collection', collectionId: target },
      ],
    });
    const view = await rolloutWhere(advertisement.id, (candidate) => candidate.openPhases === 1, 'pilot phase open');
    expect(view.phases.map((phase) => phase.targeted)).toEqual([pilots.length, expect.any(Number)]);
    expect((await offered(pilots[0], advertisement.id)).applies).toBe(true);
    expect((await offered(clients[CLIENTS - 1], advertisement.id)).excludedBy).toBe('rollout-phase');
  });

  it('does not open a phase before its content is on the DPs its clients use, and opens it once it is', async () => {
    const advertisement = await created('Content still travelling', { packageId: lateContentPackage, phases: [{ type: 'percentage', percent: 100 }] });
    const waiting = await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutWaitingForContent);
    expect(waiting).toMatchObject({ state: 'waiting-for-content', phase: 1, openPhases: 0 });
    expect(waiting.reason).toMatch(/no distribution point the client may use holds version 1 for \d+ of \d+ clients of phase 1/);
    // The timer keeps checking; the phase stays closed while the content is missing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await rollout(advertisement.id)).body).toMatchObject({ state: 'waiting-for-content', openPhases: 0 });
    expect((await offered(clients[0], advertisement.id)).excludedBy).toBe('rollout-phase');

    await kit.publish(EventTypes.replication.packageStatusChanged, installed(lateContentPackage));
    expect(await rolloutEvent(advertisement.id, EventTypes.advertisement.rolloutPhaseOpened)).toMatchObject({ state: 'active', phase: 1, openPhases: 1 });
    expect((await offered(clients[0], advertisement.id)).applies).toBe(true);
  });
});
