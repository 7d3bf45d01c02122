import { ClientData, EventTypes, TOPICS } from '@sdp/contracts';
import { CONSISTENCY_HEADER, parseConsistencyToken } from '@sdp/messaging';
import { newClientKey, TestService } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { call, register, registerAs, registration, startTargeting, TopicReader, VIEWER, withKeyProof } from '../test-support/targeting-test';

describe('clients (real stack)', () => {
  let service: TestService;
  const subjects = new Set<string>();
  const events = new TopicReader(TOPICS.targetingClients, (event) => subjects.has(event.subject));

  beforeAll(async () => {
    service = await startTargeting();
    await events.start();
  }, 60_000);

  afterAll(async () => {
    await events.stop();
    await service?.close();
  });

  it('registers with the enrollment secret, returns a working token and publishes the client without secrets', async () => {
    const { clientId, token } = await register(service);
    subjects.add(clientId);
    const heartbeat = await call(service, 'POST', `/clients/${clientId}/heartbeat`, { headers: { authorization: `Bearer ${token}` } });
    expect(heartbeat.status).toBe(204);
    const event = await events.waitFor((candidate) => candidate.subject === clientId && candidate.type === EventTypes.targeting.clientRegistered, 'registered event');
    const data = event.data as ClientData;
    expect(data).toMatchObject({ id: clientId, os: { name: 'windows', version: '10.0.19045', arch: 'x64' }, siteCode: 'S01', approved: true, blocked: false });
    expect(JSON.stringify(event)).not.toContain('dev-enroll-secret');
    expect(JSON.stringify(event)).not.toContain(token);
  });

  it('refuses a wrong enrollment secret with 401 and malformed registrations with 400', async () => {
    const key = newClientKey();
    const wrongSecret = await registerAs(service, registration({ enrollmentSecret: 'nope' }), key);
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ code: 'ENROLLMENT_SECRET_INVALID' });
    expect((await registerAs(service, registration({ os: { name: 'beos', version: '5', arch: 'x64' } }), key)).status).toBe(400);
    expect((await registerAs(service, registration({ ipAddresses: ['999.1.1.1'] }), key)).status).toBe(400);
    expect((await registerAs(service, registration({ name: 'bad\u0000name' }), key)).status).toBe(400);
    expect((await registerAs(service, registration({ inventory: { x: 'a\u0000b' } }), key)).status).toBe(400);
    expect((await registerAs(service, registration({ extra: 1 }), key)).status).toBe(400);
    expect((await call(service, 'POST', '/clients/register', { body: registration(), headers: {} })).status).toBe(400);
  });

  it('gives the same hardwareId and key the same client again', async () => {
    const body = registration();
    const key = newClientKey();
    const first = await registerAs<{ clientId: string }>(service, body, key);
    const second = await registerAs<{ clientId: string }>(service, { ...body, name: 'renamed' }, key);
    expect(second.body.clientId).toBe(first.body.clientId);
    const client = await call<ClientData>(service, 'GET', `/clients/${first.body.clientId}`);
    expect(client.body.name).toBe('renamed');
    const rows: { count: string }[] = await service.app.get(DataSource).query('SELECT count(*) FROM client WHERE hardware_id = $1', [body.hardwareId]);
    expect(rows[0].count).toBe('1');
  });

  it('replaces the inventory with the client token, publishes the change and guards other clients', async () => {
    const own = await register(service);
    const other = await register(service);
    subjects.add(own.clientId);
    const auth = { authorization: `Bearer ${own.token}` };
    const updated = await call<ClientData>(service, 'PUT', `/clients/${own.clientId}/inventory`, {
      body: { inventory: { department: 'HR', tags: ['kiosk'] }, os: { name: 'windows', version: '10.0.22631', arch: 'x64' } },
      headers: auth,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.inventory).toEqual({ department: 'HR', tags: ['kiosk'] });
    const event = await events.waitFor(
      (candidate) => candidate.subject === own.clientId && candidate.type === EventTypes.targeting.clientInventoryChanged,
      'inventory-changed event',
    );
    expect((event.data as ClientData).os.version).toBe('10.0.22631');
    expect((await call(service, 'PUT', `/clients/${other.clientId}/inventory`, { body: { inventory: {} }, headers: auth })).status).toBe(403);
    expect((await call(service, 'PUT', `/clients/${own.clientId}/inventory`, { body: { inventory: {} } })).status).toBe(403);
  });

  it('blocks a client: its token stops working (403), re-registration is refused, the change is published', async () => {
    const body = registration();
    const key = newClientKey();
    const { clientId, token } = (await registerAs(service, body, key)).body;
    subjects.add(clientId);
    const blocked = await call<ClientData>(service, 'PATCH', `/clients/${clientId}`, { body: { blocked: true } });
    expect(blocked.body.blocked).toBe(true);
    expect((await call(service, 'POST', `/clients/${clientId}/heartbeat`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    const blockedRegistration = await registerAs(service, body, key);
    expect(blockedRegistration.status).toBe(403);
    expect(blockedRegistration.body).toMatchObject({ code: 'CLIENT_BLOCKED' });
    await events.waitFor(
      (candidate) => candidate.subject === clientId && candidate.type === EventTypes.targeting.clientUpdated && (candidate.data as ClientData).blocked,
      'blocked event',
    );
    await call(service, 'PATCH', `/clients/${clientId}`, { body: { blocked: false } });
    expect((await call(service, 'POST', `/clients/${clientId}/heartbeat`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  });

  it('answers registrations and inventory updates that arrive together each on its own: a refused one changes nothing, the others go on', async () => {
    const blockedBody = registration();
    const blockedKey = newClientKey();
    const blockedClient = (await registerAs<{ clientId: string }>(service, blockedBody, blockedKey)).body.clientId;
    expect((await call(service, 'PATCH', `/clients/${blockedClient}`, { body: { blocked: true } })).status).toBe(200);
    const usedOnce = await withKeyProof(service, registration());
    expect((await call(service, 'POST', '/clients/register', { body: usedOnce, headers: {} })).status).toBe(201);
    const blockedAgain = await withKeyProof(service, blockedBody, blockedKey);
    const fresh = await Promise.all(Array.from({ length: 6 }, () => withKeyProof(service, registration())));

    const answers = await Promise.all(
      [blockedAgain, { ...usedOnce, hardwareId: `${String(usedOnce.hardwareId)}-other` }, ...fresh].map((body) =>
        call<{ clientId: string; token: string; code?: string }>(service, 'POST', '/clients/register', { body, headers: {} }),
      ),
    );
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([[403, 'CLIENT_BLOCKED'], [401, 'CHALLENGE_ALREADY_USED'], ...fresh.map(() => [201, undefined])]);
    expect(new Set(answers.slice(2).map((answer) => answer.body.clientId)).size).toBe(6);
    // Registered together, each answer names its own client's events (and shared memberships), never another's.
    for (const answer of answers.slice(2)) {
      const named = parseConsistencyToken(answer.headers.get(CONSISTENCY_HEADER) ?? undefined);
      expect(named.filter((event) => event.topic === TOPICS.targetingClients).map((event) => event.subject)).toEqual([answer.body.clientId]);
    }
    // The refused registration used up nothing: once unblocked, the same signed request goes through.
    expect((await call(service, 'PATCH', `/clients/${blockedClient}`, { body: { blocked: false } })).status).toBe(200);
    const unblocked = await call<{ clientId: string }>(service, 'POST', '/clients/register', { body: blockedAgain, headers: {} });
    expect([unblocked.status, unblocked.body.clientId]).toEqual([201, blockedClient]);

    const updates = await Promise.all(
      answers.slice(2).map((answer, index) =>
        call<ClientData>(service, 'PUT', `/clients/${answer.body.clientId}/inventory`, {
          body: { inventory: { department: `D${index}` } },
          headers: { authorization: `Bearer ${answer.body.token}` },
        }),
      ),
    );
    expect(updates.map((update) => [update.status, update.body.inventory])).toEqual(fresh.map((_, index) => [200, { department: `D${index}` }]));
    updates.forEach((update, index) => {
      const named = parseConsistencyToken(update.headers.get(CONSISTENCY_HEADER) ?? undefined);
      expect(named.filter((event) => event.topic === TOPICS.targetingClients).map((event) => event.subject)).toEqual([answers[index + 2].body.clientId]);
    });
    for (const [index, answer] of answers.slice(2).entries()) {
      expect((await call<ClientData>(service, 'GET', `/clients/${answer.body.clientId}`)).body.inventory).toEqual({ department: `D${index}` });
    }
  });

  it('lets a viewer read clients but not change or delete them', async () => {
    const { clientId } = await register(service);
    expect((await call(service, 'GET', `/clients/${clientId}`, { headers: VIEWER })).status).toBe(200);
    expect((await call(service, 'GET', '/clients', { headers: VIEWER })).status).toBe(200);
    expect((await call(service, 'PATCH', `/clients/${clientId}`, { body: { blocked: true }, headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'DELETE', `/clients/${clientId}`, { headers: VIEWER })).status).toBe(403);
    const unchanged = await call<ClientData>(service, 'GET', `/clients/${clientId}`);
    expect(unchanged.body.blocked).toBe(false);
  });

  it('lists clients matching a query expression, paged, and answers 422 with the position for a bad one', async () => {
    const marker = `m${Date.now()}`;
    const matching = [];
    for (let index = 0; index < 3; index += 1) {
      matching.push((await register(service, { inventory: { batch: marker }, os: { name: 'linux', version: `6.${index}.0`, arch: 'arm64' } })).clientId);
    }
    await register(service, { inventory: { batch: marker } });
    const query = encodeURIComponent(`inventory.batch = '${marker}' AND os.name = 'LINUX' AND os.version >= '6.1'`);
    const first = await call<{ items: ClientData[]; nextCursor: string | null }>(service, 'GET', `/clients?query=${query}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await call<{ items: ClientData[]; nextCursor: string | null }>(service, 'GET', `/clients?query=${query}&limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((client) => client.id).sort()).toEqual(matching.slice(1).sort());
    const bad = await call<{ message: string; details: { position: number }[] }>(service, 'GET', `/clients?query=${encodeURIComponent("os.name = 'x' AND DROP")}`);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'QUERY_INVALID' });
    expect(bad.body.details[0].position).toBe(18);
    expect(bad.body.message).toContain('expected');
  });

  it('deletes a client and publishes it', async () => {
    const { clientId } = await register(service);
    subjects.add(clientId);
    expect((await call(service, 'DELETE', `/clients/${clientId}`)).status).toBe(204);
    const deleted = await call(service, 'GET', `/clients/${clientId}`);
    expect(deleted.status).toBe(404);
    expect(deleted.body).toMatchObject({ code: 'CLIENT_NOT_FOUND' });
    await events.waitFor((candidate) => candidate.subject === clientId && candidate.type === EventTypes.targeting.clientDeleted, 'deleted event');
  });
});
