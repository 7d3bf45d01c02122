import { CloudEvent, CollectionData, EventTypes, MembershipChangedData, MembershipSnapshotData, TOPICS } from '@sdp/contracts';
import { eventually, TestService } from '@sdp/testing';
import { Client } from 'pg';
import { CollectionsService, FULL_EVALUATION_LOCK } from './collections.service';
import { call, OPERATOR, publishEvent, register, startTargeting, TopicReader, VIEWER } from '../test-support/targeting-test';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const FINANCE_QUERY = "os.name = 'windows' AND os.version >= '10.0.19041' AND inventory.department = 'Finance'";

describe('collections and membership (real stack)', () => {
  let service: TestService;
  const collectionIds = new Set<string>();
  const membership = new TopicReader(TOPICS.targetingMembership, (event) => collectionIds.has(event.subject));
  const collections = new TopicReader(TOPICS.targetingCollections, (event) => collectionIds.has(event.subject));

  async function create(body: Record<string, unknown>): Promise<CollectionData & { membershipVersion: number }> {
    const result = await call<CollectionData & { membershipVersion: number }>(service, 'POST', '/collections', { body });
    if (result.status !== 201) {
      throw new Error(`create failed: ${result.status} ${JSON.stringify(result.body)}`);
    }
    collectionIds.add(result.body.id);
    return result.body;
  }

  async function members(id: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<{ id: string }> } = await call(service, 'GET', `/collections/${id}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.body.items.map((client) => client.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids.sort();
  }

  /** Applies the collection's membership deltas in version order, as a consumer replaying the topic would. */
  function replay(id: string): string[] {
    const deltas = membership.events
      .filter((event: CloudEvent) => event.subject === id && event.type === EventTypes.targeting.membershipChanged)
      .map((event) => event.data as MembershipChangedData)
      .sort((a, b) => a.membershipVersion - b.membershipVersion);
    const state = new Set<string>();
    deltas.forEach((delta, index) => {
      expect(delta.membershipVersion).toBe(index + 1);
      delta.removed.forEach((client) => state.delete(client));
      delta.added.forEach((client) => state.add(client));
    });
    return [...state].sort();
  }

  beforeAll(async () => {
    service = await startTargeting();
    await Promise.all([membership.start(), collections.start()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([membership.stop(), collections.stop()]);
    await service?.close();
  });

  it('keeps a query collection exact, moves a client on inventory change within a second with an event, and explains why', async () => {
    const marker = `batch-${Date.now()}`;
    const inside = await register(service, { inventory: { department: 'Finance', batch: marker } });
    const oldWindows = await register(service, { os: { name: 'windows', version: '10.0.9200', arch: 'x64' }, inventory: { department: 'Finance', batch: marker } });
    const hr = await register(service, { inventory: { department: 'HR', batch: marker } });
    const collection = await create({ name: `Finance ${marker}`, rules: [{ type: 'query', name: 'Finance', expression: `${FINANCE_QUERY} AND inventory.batch = '${marker}'` }] });
    expect(await members(collection.id)).toEqual([inside.clientId]);

    const changedAt = Date.now();
    const moved = await call(service, 'PUT', `/clients/${hr.clientId}/inventory`, {
      body: { inventory: { department: 'finance', batch: marker } },
      headers: { authorization: `Bearer ${hr.token}` },
    });
    expect(moved.status).toBe(200);
    const event = await membership.waitFor(
      (candidate) =>
        candidate.subject === collection.id &&
        candidate.type === EventTypes.targeting.membershipChanged &&
        (candidate.data as MembershipChangedData).added.includes(hr.clientId),
      'membership delta adding the changed client',
    );
    expect((event.data as MembershipChangedData).membershipVersion).toBe(2);
    expect(Date.parse(event.time) - changedAt).toBeLessThan(1000);
    expect(await members(collection.id)).toEqual([inside.clientId, hr.clientId].sort());

    const explainIn = await call<{ member: boolean; reason: string; rules: { matched: boolean }[] }>(service, 'GET', `/collections/${collection.id}/explain?clientId=${hr.clientId}`);
    expect(explainIn.body).toMatchObject({ member: true, rules: [{ matched: true }] });
    expect(explainIn.body.reason).toContain('query rule "Finance"');
    const explainOut = await call<{ member: boolean; rules: { matched: boolean }[] }>(service, 'GET', `/collections/${collection.id}/explain?clientId=${oldWindows.clientId}`);
    expect(explainOut.body).toMatchObject({ member: false, rules: [{ matched: false }], reason: 'no rule adds the client' });

    const evaluation = await call<{ memberCount: number; added: number; removed: number; tookMs: number }>(service, 'POST', `/collections/${collection.id}/evaluate`);
    expect(evaluation.body).toMatchObject({ memberCount: 2, added: 0, removed: 0 });
    const preview = await call<{ count: number }>(service, 'POST', '/collections/preview', { body: { expression: `inventory.batch = '${marker}'`, limitingCollectionId: 'SMS00002' } });
    expect(preview.body.count).toBe(3);
  });

  it('publishes a snapshot after every full evaluation and on demand, in ordered parts at the current version', async () => {
    const marker = `snapshot-${Date.now()}`;
    const clients = await Promise.all([1, 2, 3].map(() => register(service, { inventory: { department: 'Finance', batch: marker } })));
    const collection = await create({ name: `Snapshot ${marker}`, rules: [{ type: 'query', name: 'batch', expression: `inventory.batch = '${marker}'` }] });
    const expected = clients.map((client) => client.clientId).sort();
    expect(await members(collection.id)).toEqual(expected);

    const snapshotEvents = (): MembershipSnapshotData[] =>
      membership.events
        .filter((event) => event.subject === collection.id && event.type === EventTypes.targeting.membershipSnapshot)
        .map((event) => event.data as MembershipSnapshotData);
    const afterEvaluation = await eventually(async () => {
      const parts = snapshotEvents();
      return parts.length > 0 && parts.length >= parts[0].parts ? parts : undefined;
    }, 20_000, 'snapshot after the first evaluation');
    const { body: current } = await call<{ membershipVersion: number }>(service, 'GET', `/collections/${collection.id}`);
    expect(afterEvaluation.map((part) => part.part)).toEqual(afterEvaluation.map((_, index) => index + 1));
    expect(afterEvaluation.every((part) => part.membershipVersion === current.membershipVersion && part.memberCount === expected.length)).toBe(true);
    expect(afterEvaluation.flatMap((part) => part.members)).toEqual(expected);

    const requested = await call<{ membershipVersion: number; memberCount: number; parts: number }>(service, 'POST', `/collections/${collection.id}/snapshot`);
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ membershipVersion: current.membershipVersion, memberCount: 3, parts: 1 });
    const onDemand = await eventually(async () => {
      const parts = snapshotEvents().slice(afterEvaluation.length);
      return parts.length >= requested.body.parts ? parts : undefined;
    }, 20_000, 'snapshot on demand');
    expect(onDemand.map((part) => [part.part, part.parts, part.membershipVersion])).toEqual([[1, 1, current.membershipVersion]]);
    expect(onDemand.flatMap((part) => part.members)).toEqual(expected);

    // A full evaluation that changes nothing still republishes the membership at the same version.
    expect((await call(service, 'POST', `/collections/${collection.id}/evaluate`)).body).toMatchObject({ added: 0, removed: 0 });
    const unchanged = await eventually(async () => {
      const parts = snapshotEvents().slice(afterEvaluation.length + onDemand.length);
      return parts.length >= 1 ? parts : undefined;
    }, 20_000, 'snapshot after an evaluation that changed nothing');
    expect(unchanged.map((part) => [part.part, part.parts, part.membershipVersion])).toEqual([[1, 1, current.membershipVersion]]);
    expect(unchanged.flatMap((part) => part.members)).toEqual(expected);

    // A consumer that saw a gap in the deltas asks for a snapshot on the requests topic.
    await publishEvent(TOPICS.advertisementMembershipRequests, EventTypes.advertisement.membershipSnapshotRequested, collection.id, {
      collectionId: collection.id,
      heldVersion: 0,
      seenVersion: current.membershipVersion,
    });
    const answered = await eventually(async () => {
      const parts = snapshotEvents().slice(afterEvaluation.length + onDemand.length + unchanged.length);
      return parts.length >= 1 ? parts : undefined;
    }, 20_000, 'snapshot answering a request');
    expect(answered.map((part) => [part.part, part.parts, part.membershipVersion])).toEqual([[1, 1, current.membershipVersion]]);
    expect(answered.flatMap((part) => part.members)).toEqual(expected);

    const missing = await call<{ code: string }>(service, 'POST', '/collections/S01FFFFF/snapshot');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('COLLECTION_NOT_FOUND');
  });

  it('runs the scheduled full evaluations of a tick on one replica only: another that holds the claim makes this one skip', async () => {
    const marker = `scheduled-${Date.now()}`;
    await register(service, { inventory: { batch: marker } });
    const collection = await create({ name: `Scheduled ${marker}`, rules: [{ type: 'query', name: 'batch', expression: `inventory.batch = '${marker}'` }] });
    const collectionsService = service.app.get(CollectionsService);
    // Due by the default schedule (every 1,440 minutes) two days from now.
    const dueLater = new Date(Date.now() + 2 * 86_400_000);

    // Another replica in the middle of its tick holds the claim.
    const otherReplica = new Client({ connectionString: service.databaseUrl });
    await otherReplica.connect();
    try {
      await otherReplica.query('BEGIN');
      await otherReplica.query('SELECT pg_advisory_xact_lock(hashtext($1))', [FULL_EVALUATION_LOCK]);
      expect(await collectionsService.evaluateDue(dueLater)).toEqual([]);
      await otherReplica.query('COMMIT');
    } finally {
      await otherReplica.end();
    }
    const evaluated = await collectionsService.evaluateDue(dueLater);
    expect(evaluated.map((evaluation) => evaluation.collectionId)).toContain(collection.id);
  });

  it('answers for a collection that never had a member with an empty snapshot at version 0, on demand and on request', async () => {
    const marker = `empty-${Date.now()}`;
    const empty = await create({ name: `Empty ${marker}`, rules: [{ type: 'query', name: 'none', expression: `inventory.batch = 'none-${marker}'` }] });
    expect(empty.membershipVersion).toBe(0);
    const emptySnapshots = (): MembershipSnapshotData[] =>
      membership.events
        .filter((event) => event.subject === empty.id && event.type === EventTypes.targeting.membershipSnapshot)
        .map((event) => event.data as MembershipSnapshotData);
    const EMPTY = { collectionId: empty.id, membershipVersion: 0, memberCount: 0, part: 1, parts: 1, members: [] };
    // Creating it evaluated it: that too ends with its (empty) snapshot.
    await eventually(async () => (emptySnapshots().length >= 1 ? true : undefined), 20_000, 'snapshot after creation');
    expect(emptySnapshots()).toEqual([EMPTY]);

    const requested = await call(service, 'POST', `/collections/${empty.id}/snapshot`);
    expect({ status: requested.status, body: requested.body }).toEqual({ status: 202, body: { collectionId: empty.id, membershipVersion: 0, memberCount: 0, parts: 1 } });
    await eventually(async () => (emptySnapshots().length >= 2 ? true : undefined), 20_000, 'empty snapshot on demand');

    await publishEvent(TOPICS.advertisementMembershipRequests, EventTypes.advertisement.membershipSnapshotRequested, empty.id, {
      collectionId: empty.id,
      heldVersion: 0,
      seenVersion: 2,
    });
    await eventually(async () => (emptySnapshots().length >= 3 ? true : undefined), 20_000, 'empty snapshot answering a request');
    expect(emptySnapshots()).toEqual([EMPTY, EMPTY, EMPTY]);
    expect(membership.events.filter((event) => event.subject === empty.id && event.type === EventTypes.targeting.membershipChanged)).toEqual([]);
  });

  it('resyncs every collection at once: a snapshot of each at its current version', async () => {
    const marker = `resync-${Date.now()}`;
    const client = await register(service, { inventory: { batch: marker } });
    const full = await create({ name: `Resync full ${marker}`, rules: [{ type: 'query', name: 'batch', expression: `inventory.batch = '${marker}'` }] });
    const empty = await create({ name: `Resync empty ${marker}`, rules: [{ type: 'query', name: 'none', expression: `inventory.batch = 'none-${marker}'` }] });
    const snapshotsOf = (id: string): MembershipSnapshotData[] =>
      membership.events
        .filter((event) => event.subject === id && event.type === EventTypes.targeting.membershipSnapshot)
        .map((event) => event.data as MembershipSnapshotData);
    await eventually(async () => (snapshotsOf(full.id).length >= 1 && snapshotsOf(empty.id).length >= 1 ? true : undefined), 20_000, 'snapshots after creation');

    const resync = await call<{ items: { collectionId: string; membershipVersion: number; memberCount: number; parts: number }[] }>(service, 'POST', '/collections/snapshot');
    expect(resync.status).toBe(202);
    const { body: all } = await call<Page<{ id: string }>>(service, 'GET', '/collections?limit=500');
    expect(resync.body.items.map((item) => item.collectionId)).toEqual(all.items.map((collection) => collection.id).sort());
    expect(resync.body.items).toContainEqual({ collectionId: full.id, membershipVersion: 1, memberCount: 1, parts: 1 });
    expect(resync.body.items).toContainEqual({ collectionId: empty.id, membershipVersion: 0, memberCount: 0, parts: 1 });
    await eventually(async () => (snapshotsOf(full.id).length >= 2 && snapshotsOf(empty.id).length >= 2 ? true : undefined), 20_000, 'snapshots of the resync');
    expect(snapshotsOf(full.id)[1]).toEqual({ collectionId: full.id, membershipVersion: 1, memberCount: 1, part: 1, parts: 1, members: [client.clientId] });
    expect(snapshotsOf(empty.id)[1]).toEqual({ collectionId: empty.id, membershipVersion: 0, memberCount: 0, part: 1, parts: 1, members: [] });
  });

  it('lets a viewer read collections but not create, change, delete or snapshot them', async () => {
    const collection = await create({ name: `Viewer ${Date.now()}`, rules: [] });
    expect((await call(service, 'GET', `/collections/${collection.id}`, { headers: VIEWER })).status).toBe(200);
    expect((await call(service, 'GET', '/collections', { headers: VIEWER })).status).toBe(200);
    expect((await call(service, 'POST', '/collections', { body: { name: `Viewer write ${Date.now()}`, rules: [] }, headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'PATCH', `/collections/${collection.id}`, { body: { comment: 'viewer' }, headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'DELETE', `/collections/${collection.id}`, { headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'POST', `/collections/${collection.id}/snapshot`, { headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'POST', '/collections/snapshot', { headers: VIEWER })).status).toBe(403);
    // A resync is an admin's act: an operator, who may change collections, is refused too.
    expect((await call(service, 'POST', `/collections/${collection.id}/snapshot`, { headers: OPERATOR })).status).toBe(403);
    expect((await call(service, 'POST', '/collections/snapshot', { headers: OPERATOR })).status).toBe(403);
    expect((await call(service, 'GET', `/collections/${collection.id}`)).status).toBe(200);
  });

  it('computes limiting ∩ ((direct ∪ query ∪ include) − exclude) through a chain and re-evaluates dependents in order', async () => {
    const marker = `chain-${Date.now()}`;
    const windows = await register(service, { inventory: { batch: marker, role: 'kiosk' } });
    const linux = await register(service, { os: { name: 'linux', version: '6.8.0', arch: 'x64' }, inventory: { batch: marker, role: 'kiosk' } });
    const direct = await register(service, { os: { name: 'linux', version: '6.8.0', arch: 'x64' }, inventory: { batch: marker } });
    const kiosks = await create({ name: `Kiosks ${marker}`, rules: [{ type: 'query', name: 'kiosks', expression: `inventory.batch = '${marker}' AND inventory.role = 'kiosk'` }] });
    const excluded = await create({ name: `Excluded ${marker}`, rules: [] });
    const target = await create({
      name: `Windows kiosks ${marker}`,
      limitingCollectionId: 'SMS00002',
      rules: [
        { type: 'include', collectionId: kiosks.id },
        { type: 'direct', clientId: direct.clientId },
        { type: 'exclude', collectionId: excluded.id },
      ],
    });
    expect(await members(target.id)).toEqual([windows.clientId]);

    const patched = await call(service, 'PATCH', `/collections/${target.id}`, { body: { limitingCollectionId: 'SMS00001' } });
    expect(patched.status).toBe(200);
    expect(await members(target.id)).toEqual([windows.clientId, linux.clientId, direct.clientId].sort());

    await call(service, 'PATCH', `/collections/${excluded.id}`, { body: { rules: [{ type: 'direct', clientId: linux.clientId }] } });
    expect(await members(target.id)).toEqual([windows.clientId, direct.clientId].sort());
    const explain = await call<{ member: boolean; reason: string }>(service, 'GET', `/collections/${target.id}/explain?clientId=${linux.clientId}`);
    expect(explain.body).toMatchObject({ member: false, reason: `excluded by exclude rule for collection ${excluded.id}` });

    for (const id of [kiosks.id, excluded.id, target.id]) {
      await eventually(async () => (JSON.stringify(replay(id)) === JSON.stringify(await members(id)) ? true : undefined), 20_000, `replay of ${id}`);
    }
  });

  it('adds and removes direct members atomically: changes made at once all stay, the other rules too', async () => {
    const marker = `direct-${Date.now()}`;
    const clients = await Promise.all(Array.from({ length: 6 }, () => register(service, { inventory: { batch: marker } })));
    const query = { type: 'query', name: 'none', expression: `inventory.batch = '${marker}-none'` };
    const collection = await create({ name: `Hand-picked ${marker}`, rules: [query, { type: 'direct', clientId: clients[0].clientId }] });
    // Six administrators at once, each adding one client (one of them a client already named): none loses another's.
    const answers = await Promise.all(clients.map((client) => call(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: [client.clientId] } })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const all = clients.map((client) => client.clientId).sort();
    expect(await members(collection.id)).toEqual(all);
    const stored = await call<CollectionData>(service, 'GET', `/collections/${collection.id}`);
    expect(stored.body.rules).toContainEqual(query);
    expect(stored.body.rules.filter((rule) => rule.type === 'direct')).toHaveLength(6);

    const removed = await call<CollectionData>(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { remove: [clients[1].clientId.toUpperCase(), clients[2].clientId] }, headers: OPERATOR });
    expect(removed.status).toBe(200);
    expect(await members(collection.id)).toEqual(all.filter((id) => id !== clients[1].clientId && id !== clients[2].clientId));

    // Refusals change nothing.
    const before = JSON.stringify((await call<CollectionData>(service, 'GET', `/collections/${collection.id}`)).body.rules);
    const notDirect = await call<{ code: string; message: string }>(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: [clients[1].clientId], remove: [clients[2].clientId] } });
    expect([notDirect.status, notDirect.body.code]).toEqual([422, 'COLLECTION_NO_DIRECT_RULE']);
    expect(notDirect.body.message).toContain(clients[2].clientId);
    const unknown = await call<{ code: string }>(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: ['0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f'] } });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'CLIENT_UNKNOWN']);
    expect((await call(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: ['not-an-id'] } })).status).toBe(400);
    expect((await call(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: {} })).status).toBe(422);
    const addedAndRemoved = await call<{ message: string }>(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: [clients[0].clientId], remove: [clients[0].clientId] } });
    expect([addedAndRemoved.status, addedAndRemoved.body.message]).toEqual([422, expect.stringContaining('both added and removed')]);
    expect((await call(service, 'PATCH', `/collections/${collection.id}/direct-members`, { body: { add: [clients[1].clientId] }, headers: VIEWER })).status).toBe(403);
    expect((await call<{ code: string }>(service, 'PATCH', '/collections/SMS00001/direct-members', { body: { add: [clients[1].clientId] } })).body.code).toBe('COLLECTION_READ_ONLY');
    expect((await call<{ code: string }>(service, 'PATCH', '/collections/S01FFFFF/direct-members', { body: { add: [clients[1].clientId] } })).status).toBe(404);
    expect(JSON.stringify((await call<CollectionData>(service, 'GET', `/collections/${collection.id}`)).body.rules)).toBe(before);
  });

  it('refuses cycles, unknown references, bad expressions and writes to built-ins', async () => {
    const refusal = async (method: string, path: string, body?: unknown): Promise<[number, string]> => {
      const answer = await call<{ code: string }>(service, method, path, { body });
      return [answer.status, answer.body.code];
    };
    const a = await create({ name: `A ${Date.now()}`, rules: [] });
    const b = await create({ name: `B ${Date.now()}`, rules: [{ type: 'include', collectionId: a.id }] });
    const cycle = await call<{ message: string }>(service, 'PATCH', `/collections/${a.id}`, { body: { rules: [{ type: 'exclude', collectionId: b.id }] } });
    expect(cycle.status).toBe(422);
    expect(cycle.body.message).toContain('cycle');
    expect(cycle.body).toMatchObject({ code: 'COLLECTION_DEPENDENCY_LOOP' });
    expect(await refusal('PATCH', `/collections/${a.id}`, { limitingCollectionId: a.id })).toEqual([422, 'COLLECTION_DEPENDENCY_LOOP']);
    expect((await call(service, 'PATCH', `/collections/${a.id}`, { body: { parentCollectionId: b.id } })).status).toBe(200);
    expect(await refusal('PATCH', `/collections/${b.id}`, { parentCollectionId: a.id })).toEqual([422, 'COLLECTION_PARENT_LOOP']);
    expect((await create({ name: `C ${Date.now()}`, rules: [] })).limitingCollectionId).toBe('SMS00001');
    expect(await refusal('POST', '/collections', { name: 'x', rules: [{ type: 'include', collectionId: 'S01FFFFF' }] })).toEqual([422, 'COLLECTION_UNKNOWN']);
    expect(await refusal('POST', '/collections', { name: 'x', rules: [{ type: 'direct', clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f' }] })).toEqual([422, 'CLIENT_UNKNOWN']);
    const badQuery = await call<{ details: { field: string; position: number }[] }>(service, 'POST', '/collections', {
      body: { name: 'x', rules: [{ type: 'query', name: 'q', expression: "os.name = 'windows' OR" }] },
    });
    expect(badQuery.status).toBe(422);
    expect(badQuery.body.details[0]).toMatchObject({ field: 'rules[0].expression', position: 22 });
    expect(badQuery.body).toMatchObject({ code: 'QUERY_INVALID' });
    expect(await refusal('POST', '/collections', { name: 'x', rules: [{ type: 'sql', text: 'DROP' }] })).toEqual([400, 'COLLECTION_RULE_MALFORMED']);
    expect(await refusal('PATCH', '/collections/SMS00002', { name: 'mine' })).toEqual([422, 'COLLECTION_READ_ONLY']);
    expect(await refusal('DELETE', '/collections/SMS00001')).toEqual([422, 'COLLECTION_READ_ONLY']);
    expect(await refusal('DELETE', `/collections/${a.id}`)).toEqual([409, 'COLLECTION_IN_USE']);
    expect(await refusal('DELETE', `/collections/${b.id}`)).toEqual([409, 'COLLECTION_IN_USE']);
    expect((await call(service, 'PATCH', `/collections/${a.id}`, { body: { parentCollectionId: null } })).status).toBe(200);
    expect((await call(service, 'DELETE', `/collections/${b.id}`)).status).toBe(204);
    expect(await refusal('GET', `/collections/${b.id}`)).toEqual([404, 'COLLECTION_NOT_FOUND']);
  });

  it('keeps maintenance windows on the collection and publishes them with it', async () => {
    const collection = await create({ name: `Windows ${Date.now()}`, rules: [] });
    const window = await call<{ id: string }>(service, 'POST', `/collections/${collection.id}/maintenance-windows`, {
      body: { name: 'Weeknights', start: '2026-03-02T22:00:00+01:00', durationMinutes: 240, recurrence: { type: 'weekly', days: ['monday', 'friday'] } },
    });
    expect(window.status).toBe(201);
    const bad = await call(service, 'POST', `/collections/${collection.id}/maintenance-windows`, {
      body: { name: 'Bad', start: '2026-03-02T22:00:00+01:00', durationMinutes: 60, recurrence: { type: 'monthly', day: 32 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'MAINTENANCE_WINDOW_INVALID' });
    expect((await call<unknown[]>(service, 'GET', `/collections/${collection.id}/maintenance-windows`)).body).toHaveLength(1);
    const event = await collections.waitFor(
      (candidate) => candidate.subject === collection.id && candidate.type === EventTypes.targeting.collectionUpdated,
      'collection-updated with the window',
    );
    expect((event.data as CollectionData).maintenanceWindows).toEqual([
      { id: window.body.id, name: 'Weeknights', start: '2026-03-02T22:00:00+01:00', durationMinutes: 240, recurrence: { type: 'weekly', days: ['monday', 'friday'] } },
    ]);
    expect((await call(service, 'DELETE', `/collections/${collection.id}/maintenance-windows/${window.body.id}`)).status).toBe(204);
    expect((await call<unknown[]>(service, 'GET', `/collections/${collection.id}/maintenance-windows`)).body).toHaveLength(0);
  });
});
