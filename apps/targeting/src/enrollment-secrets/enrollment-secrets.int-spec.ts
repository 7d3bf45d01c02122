import type { ClientData, CreatedEnrollmentSecret, EnrollmentSecretData } from '@sdp/contracts';
import { newClientKey, TestService, uniqueSuffix } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { call, OPERATOR, registerAs, registration, startTargeting, VIEWER } from '../test-support/targeting-test';

type RegistrationAnswer = { clientId: string; token?: string; status?: string; message?: string };

describe('enrollment secrets (real stack)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTargeting();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  async function create(body: Record<string, unknown> = {}): Promise<CreatedEnrollmentSecret> {
    const result = await call<CreatedEnrollmentSecret>(service, 'POST', '/enrollment-secrets', { body: { name: `site-${uniqueSuffix()}`, ...body } });
    expect(result.status).toBe(201);
    return result.body;
  }

  const enroll = (secret: string, overrides: Record<string, unknown> = {}) =>
    registerAs<RegistrationAnswer>(service, registration({ enrollmentSecret: secret, ...overrides }), newClientKey());

  async function listed(id: string): Promise<EnrollmentSecretData | undefined> {
    const items: EnrollmentSecretData[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: EnrollmentSecretData[]; nextCursor: string | null } } = await call(
        service,
        'GET',
        `/enrollment-secrets?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items.find((item) => item.id === id);
  }

  it('creates a secret shown once that registers a client; the list shows it without the secret', async () => {
    const created = await create({ expiresAt: '2099-01-01T00:00:00Z' });
    expect(created.secret).toMatch(/^sdp_enr_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ expiresAt: '2099-01-01T00:00:00.000Z', approvalRequired: false });

    const enrolled = await enroll(created.secret);
    expect(enrolled.status).toBe(201);
    expect(typeof enrolled.body.token).toBe('string');

    const item = await listed(created.id);
    expect(item).toMatchObject({ name: created.name, createdBy: 'admin-1', revokedAt: null, approvalRequired: false });
    expect(item?.lastUsedAt).not.toBeNull();
    const whole = await call(service, 'GET', '/enrollment-secrets?limit=500');
    expect(JSON.stringify(whole.body)).not.toContain(created.secret);
    expect(JSON.stringify(whole.body)).not.toContain('sdp_enr_');
    const rows: { secret_hash: string }[] = await service.app.get(DataSource).query('SELECT secret_hash FROM enrollment_secret WHERE id = $1', [created.id]);
    expect(rows[0].secret_hash).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('keeps the environment secret working next to created ones', async () => {
    await create();
    expect((await enroll('dev-enroll-secret')).status).toBe(201);
  });

  it('refuses a revoked secret with 401 and lists it as revoked; revoking by name works too', async () => {
    const created = await create();
    const revoked = await call<EnrollmentSecretData>(service, 'DELETE', `/enrollment-secrets/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await enroll(created.secret);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'ENROLLMENT_SECRET_INVALID' });
    expect((await listed(created.id))?.revokedAt).toBe(revoked.body.revokedAt);

    const byName = await create();
    expect((await call(service, 'DELETE', `/enrollment-secrets/${byName.name}`)).status).toBe(200);
    expect((await enroll(byName.secret)).status).toBe(401);
    const unknown = await call<{ code: string }>(service, 'DELETE', `/enrollment-secrets/no-such-${uniqueSuffix()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ENROLLMENT_SECRET_NOT_FOUND');
  });

  it('refuses an expired secret with 401', async () => {
    const created = await create({ expiresAt: new Date(Date.now() + 1500).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await enroll(created.secret)).status).toBe(401);
  });

  it('keeps a client enrolled with an approval-required secret pending, without a token, until an admin approves it', async () => {
    const created = await create({ approvalRequired: true });
    const body = registration({ enrollmentSecret: created.secret });
    const key = newClientKey();
    const pending = await registerAs<RegistrationAnswer>(service, body, key);
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ clientId: expect.any(String), status: 'pending', message: 'waiting for an administrator to approve this computer' });
    const clientId = pending.body.clientId;
    expect((await call<ClientData>(service, 'GET', `/clients/${clientId}`)).body.approved).toBe(false);

    const again = await registerAs<RegistrationAnswer>(service, body, key);
    expect(again.status).toBe(202);
    expect(again.body.clientId).toBe(clientId);

    expect((await call<ClientData>(service, 'PATCH', `/clients/${clientId}`, { body: { approved: true } })).body.approved).toBe(true);
    const approved = await registerAs<RegistrationAnswer>(service, body, key);
    expect(approved.status).toBe(201);
    expect(approved.body.clientId).toBe(clientId);
    const heartbeat = await call(service, 'POST', `/clients/${clientId}/heartbeat`, { headers: { authorization: `Bearer ${approved.body.token}` } });
    expect(heartbeat.status).toBe(204);
  });

  it('leaves an approved client approved when it registers again with an approval-required secret', async () => {
    const body = registration();
    const key = newClientKey();
    const first = await registerAs<RegistrationAnswer>(service, body, key);
    expect(first.status).toBe(201);
    const created = await create({ approvalRequired: true });
    const again = await registerAs<RegistrationAnswer>(service, { ...body, enrollmentSecret: created.secret }, key);
    expect(again.status).toBe(201);
    expect(again.body.clientId).toBe(first.body.clientId);
  });

  it('lets a viewer list but not create or revoke', async () => {
    const created = await create();
    expect((await call(service, 'GET', '/enrollment-secrets', { headers: VIEWER })).status).toBe(200);
    expect((await call(service, 'POST', '/enrollment-secrets', { body: { name: `v-${uniqueSuffix()}` }, headers: VIEWER })).status).toBe(403);
    expect((await call(service, 'DELETE', `/enrollment-secrets/${created.id}`, { headers: VIEWER })).status).toBe(403);
    // Admin only, not merely "a write": an operator is refused too.
    expect((await call(service, 'POST', '/enrollment-secrets', { body: { name: `o-${uniqueSuffix()}` }, headers: OPERATOR })).status).toBe(403);
    expect((await call(service, 'DELETE', `/enrollment-secrets/${created.id}`, { headers: OPERATOR })).status).toBe(403);
    expect((await listed(created.id))?.revokedAt).toBeNull();
    expect((await call(service, 'GET', '/enrollment-secrets', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('answers bad input with a clear 4xx and stores nothing', async () => {
    const post = (body: unknown) => call<{ message: string }>(service, 'POST', '/enrollment-secrets', { body });
    expect((await post({})).status).toBe(400);
    expect((await post({ name: '' })).status).toBe(400);
    expect((await post({ name: 'has space' })).status).toBe(400);
    expect((await post({ name: 'x'.repeat(101) })).status).toBe(400);
    const uuidShaped = await post({ name: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f' });
    expect([uuidShaped.status, uuidShaped.body.message]).toEqual([400, expect.stringContaining('must not look like an ID')]);
    expect((await post({ name: `ok-${uniqueSuffix()}`, expiresAt: 'tomorrow' })).status).toBe(400);
    expect((await post({ name: `ok-${uniqueSuffix()}`, expiresAt: '2099-01-01T00:00:00' })).status).toBe(400);
    expect((await post({ name: `ok-${uniqueSuffix()}`, approvalRequired: 'yes' })).status).toBe(400);
    expect((await post({ name: `ok-${uniqueSuffix()}`, secret: 'mine' })).status).toBe(400);
    const past = `past-${uniqueSuffix()}`;
    const pastAnswer = await post({ name: past, expiresAt: '2020-01-01T00:00:00Z' });
    expect(pastAnswer.status).toBe(422);
    expect(pastAnswer.body.message).toContain('expiresAt');
    const taken = await create();
    const duplicate = await post({ name: taken.name });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'ENROLLMENT_SECRET_ALREADY_EXISTS' });
    const rows: { count: string }[] = await service.app.get(DataSource).query('SELECT count(*) FROM enrollment_secret WHERE name = $1 OR name = $2', [past, taken.name]);
    expect(rows[0].count).toBe('1');
    expect((await call(service, 'GET', '/enrollment-secrets?limit=0')).status).toBe(400);
    for (const hostile of ['%00', 'a%E2%80%AEb', 'x'.repeat(5000), '%20']) {
      const answer = await call(service, 'DELETE', `/enrollment-secrets/${hostile}`);
      expect({ hostile, clientError: answer.status >= 400 && answer.status < 500 }).toEqual({ hostile, clientError: true });
    }
  });
});
