import { ClientData } from '@sdp/contracts';
import { newClientKey, TestService, uniqueSuffix } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { call, register, registerAs, registration, startTargeting, VIEWER } from '../test-support/targeting-test';

type ClientPage = { items: ClientData[]; nextCursor: string | null };

/** The client list's filters, sorting and paging, resolving a name, and the collections of a client, on the real service. */
describe('client list, resolve and collections of a client (real stack)', () => {
  let service: TestService;
  const marker = `cl${uniqueSuffix()}`.toLowerCase();
  /** Registered in this order; names sort differently from both the IDs and the times. */
  const clients: Record<'delta' | 'alpha' | 'charlie' | 'bravo', { clientId: string; name: string; token: string }> = {} as never;
  let pendingId: string;
  let blockedId: string;
  let between: string;

  const page = async (query: string, headers?: Record<string, string>) => {
    const result = await call<ClientPage>(service, 'GET', `/clients?${query}`, { headers });
    if (result.status !== 200) throw new Error(`GET /clients?${query}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  /** Every page of a query, one client per page: the order and the cursors across pages. */
  const allPages = async (query: string): Promise<string[]> => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const body: ClientPage = await page(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      names.push(...body.items.map((client) => client.name));
      cursor = body.nextCursor;
    } while (cursor);
    return names;
  };
  const mine = `name=${marker}`;

  beforeAll(async () => {
    service = await startTargeting();
    const linux = { name: 'linux', version: '6.8.0', arch: 'x64' };
    clients.delta = { name: `Delta-${marker}`, ...(await register(service, { name: `Delta-${marker}`, os: linux })) };
    clients.alpha = { name: `alpha-${marker}`, ...(await register(service, { name: `alpha-${marker}` })) };
    await new Promise((resolve) => setTimeout(resolve, 20));
    between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    clients.charlie = { name: `Charlie-${marker}`, ...(await register(service, { name: `Charlie-${marker}`, os: { name: 'macos', version: '14.5', arch: 'arm64' } })) };
    clients.bravo = { name: `BRAVO-${marker}`, ...(await register(service, { name: `BRAVO-${marker}`, os: linux })) };
    // Another key claiming bravo's hardware ID: a pending registration of the same name.
    const bravo = await call<ClientData>(service, 'GET', `/clients/${clients.bravo.clientId}`);
    const claim = await registerAs<{ clientId: string; status: string }>(service, registration({ name: `bravo-${marker}`, hardwareId: bravo.body.hardwareId, os: linux }), newClientKey());
    expect(claim.body.status).toBe('pending');
    pendingId = claim.body.clientId;
    blockedId = clients.charlie.clientId;
    expect((await call(service, 'PATCH', `/clients/${blockedId}`, { body: { blocked: true } })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  it('filters by name (substring, any case), OS, site, last seen and approval, together', async () => {
    expect((await page(`name=${marker.toUpperCase()}`)).items).toHaveLength(5);
    expect((await page(`name=${encodeURIComponent(`ALPHA-${marker}`)}`)).items.map((client) => client.id)).toEqual([clients.alpha.clientId]);
    expect((await page('name=%25_')).items).toEqual([]); // % and _ are text, not wildcards
    expect((await page(`${mine}&os=linux`)).items.map((client) => client.name).sort()).toEqual([`BRAVO-${marker}`, `Delta-${marker}`, `bravo-${marker}`].sort());
    expect((await page(`${mine}&siteCode=S01`)).items).toHaveLength(5);
    expect((await page(`${mine}&siteCode=XYZ`)).items).toEqual([]);
    const after = (await page(`${mine}&lastSeenAfter=${encodeURIComponent(between)}`)).items.map((client) => client.id);
    expect(after.sort()).toEqual([clients.charlie.clientId, clients.bravo.clientId, pendingId].sort());
    const before = (await page(`${mine}&lastSeenBefore=${encodeURIComponent(between)}`)).items.map((client) => client.id);
    expect(before.sort()).toEqual([clients.delta.clientId, clients.alpha.clientId].sort());
    expect((await page(`${mine}&approval=pending`)).items.map((client) => client.id)).toEqual([pendingId]);
    expect((await page(`${mine}&approval=blocked`)).items.map((client) => client.id)).toEqual([blockedId]);
    expect((await page(`${mine}&approval=approved`)).items.map((client) => client.id).sort()).toEqual([clients.delta.clientId, clients.alpha.clientId, clients.bravo.clientId].sort());
    expect((await page(`${mine}&approval=approved&os=linux&query=${encodeURIComponent("os.version >= '6'")}`)).items.map((client) => client.name).sort()).toEqual(
      [`BRAVO-${marker}`, `Delta-${marker}`].sort(),
    );
    const ids = [clients.alpha.clientId, pendingId].join(',');
    expect((await page(`ids=${ids}`)).items.map((client) => client.id).sort()).toEqual([clients.alpha.clientId, pendingId].sort());
    expect((await page(`${mine}&os=windows`, VIEWER)).items.map((client) => client.id)).toEqual([clients.alpha.clientId]);
  });

  it('filters by collection', async () => {
    const created = await call<{ id: string }>(service, 'POST', '/collections', {
      body: { name: `Direct ${marker}`, rules: [{ type: 'direct', clientId: clients.delta.clientId }, { type: 'direct', clientId: clients.alpha.clientId }] },
    });
    expect(created.status).toBe(201);
    expect((await page(`collectionId=${created.body.id}`)).items.map((client) => client.id).sort()).toEqual([clients.delta.clientId, clients.alpha.clientId].sort());
    expect((await page(`collectionId=SMS00004&${mine}`)).items.map((client) => client.id)).toEqual([clients.charlie.clientId]);
    const unknown = await call<{ details: { field: string }[] }>(service, 'GET', '/clients?collectionId=S01FFFFF');
    expect(unknown.status).toBe(422);
    expect(unknown.body.details[0].field).toBe('collectionId');
  });

  it('sorts by each column both ways, across pages', async () => {
    const byName = [`alpha-${marker}`, `BRAVO-${marker}`, `bravo-${marker}`, `Charlie-${marker}`, `Delta-${marker}`];
    const names = await allPages(`${mine}&sort=name`);
    // The two bravos tie on lower(name) and follow each other in ID order.
    expect(names.map((name) => name.toLowerCase())).toEqual(byName.map((name) => name.toLowerCase()));
    expect((await allPages(`${mine}&sort=name&order=desc`)).map((name) => name.toLowerCase())).toEqual(byName.map((name) => name.toLowerCase()).reverse());
    const registered = [clients.delta.name, clients.alpha.name, clients.charlie.name, clients.bravo.name, `bravo-${marker}`];
    expect(await allPages(`${mine}&sort=registeredAt`)).toEqual(registered);
    expect(await allPages(`${mine}&sort=registeredAt&order=desc`)).toEqual([...registered].reverse());
    const os = await allPages(`${mine}&sort=os`);
    expect(os.slice(0, 3).sort()).toEqual([`BRAVO-${marker}`, `Delta-${marker}`, `bravo-${marker}`].sort());
    expect(os.slice(3)).toEqual([clients.charlie.name, clients.alpha.name]);
    expect((await allPages(`${mine}&sort=os&order=desc`)).slice(0, 2)).toEqual([clients.alpha.name, clients.charlie.name]);
    expect(await allPages(`${mine}&sort=siteCode`)).toHaveLength(5);
    const seen = (await page(`${mine}&sort=lastSeenAt&order=desc&limit=5`)).items.map((client) => client.lastSeenAt);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(await allPages(`${mine}&sort=lastSeenAt&order=desc`)).toHaveLength(5);
    // A query expression scans in the same order, the cursor carrying the sort key across batches.
    const linuxByName = await allPages(`${mine}&sort=name&order=desc&query=${encodeURIComponent("os.name = 'linux'")}`);
    expect(linuxByName.map((name) => name.toLowerCase())).toEqual([`delta-${marker}`, `bravo-${marker}`, `bravo-${marker}`]);
    const ids = (await page(`${mine}&order=desc`)).items.map((client) => client.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('answers 422 naming the parameter for each bad value, and 400 for a cursor of another order', async () => {
    const bad: [string, string][] = [
      ['name', ''],
      ['os', 'beos'],
      ['collectionId', 'all'],
      ['siteCode', 's1'],
      ['lastSeenAfter', 'yesterday'],
      ['lastSeenBefore', '2026-13-45T00:00:00Z'],
      ['approval', 'maybe'],
      ['sort', 'colour'],
      ['order', 'up'],
      ['ids', 'not-a-uuid'],
    ];
    for (const [parameter, value] of bad) {
      const result = await call<{ code: string; details: { field: string }[] }>(service, 'GET', `/clients?${parameter}=${encodeURIComponent(value)}`);
      expect({ parameter, status: result.status, field: result.body.details?.[0]?.field }).toEqual({ parameter, status: 422, field: parameter });
    }
    const reversed = await call(service, 'GET', `/clients?lastSeenAfter=2026-03-02T00:00:00Z&lastSeenBefore=2026-03-01T00:00:00Z`);
    expect(reversed.status).toBe(422);
    const first = await page(`${mine}&sort=name&limit=1`);
    const foreign = await call<{ details: { field: string }[] }>(service, 'GET', `/clients?${mine}&sort=os&cursor=${first.nextCursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.details[0].field).toBe('cursor');
  });

  it('indexes what the list sorts and filters by, a name substring with trigrams', async () => {
    const rows: { indexname: string }[] = await service.app.get(DataSource).query(`SELECT indexname FROM pg_indexes WHERE tablename = 'client' ORDER BY indexname`);
    expect(rows.map((row) => row.indexname)).toEqual(
      expect.arrayContaining(['client_blocked_idx', 'client_last_seen_at_idx', 'client_name_lower_idx', 'client_name_trgm_idx', 'client_not_approved_idx', 'client_os_name_idx', 'client_registered_at_idx', 'client_site_code_idx']),
    );
  });

  it('resolves a name exactly without regard to case, or an ID; 404 for none; 409 with the candidates for several', async () => {
    const exact = await call<ClientData>(service, 'GET', `/clients/resolve?ref=${encodeURIComponent(clients.alpha.name)}`, { headers: VIEWER });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ id: clients.alpha.clientId, name: clients.alpha.name, inventory: { department: 'Finance' } });
    expect((await call<ClientData>(service, 'GET', `/clients/resolve?ref=${encodeURIComponent(clients.delta.name.toUpperCase())}`)).body.id).toBe(clients.delta.clientId);
    expect((await call<ClientData>(service, 'GET', `/clients/resolve?ref=${clients.charlie.clientId.toUpperCase()}`)).body.id).toBe(clients.charlie.clientId);
    const partial = await call<{ code: string }>(service, 'GET', `/clients/resolve?ref=${encodeURIComponent(`alpha-${marker}`.slice(0, -1))}`);
    expect(partial.status).toBe(404);
    expect(partial.body.code).toBe('CLIENT_NOT_FOUND');
    expect((await call(service, 'GET', `/clients/resolve?ref=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status).toBe(404);
    const ambiguous = await call<{ statusCode: number; code: string; message: string; candidates: { id: string; name: string; os: { name: string }; siteCode: string; lastSeenAt: string }[] }>(
      service,
      'GET',
      `/clients/resolve?ref=bravo-${marker}`,
    );
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'CLIENT_NAME_AMBIGUOUS' });
    expect(ambiguous.body.message).toContain('2 clients');
    expect(ambiguous.body.candidates.map((candidate) => candidate.id).sort()).toEqual([clients.bravo.clientId, pendingId].sort());
    expect(ambiguous.body.candidates[0]).toEqual({
      id: expect.any(String),
      name: expect.stringMatching(new RegExp(`^bravo-${marker}$`, 'i')),
      os: { name: 'linux', version: '6.8.0', arch: 'x64' },
      siteCode: 'S01',
      lastSeenAt: expect.any(String),
    });
    expect((await call(service, 'GET', '/clients/resolve')).status).toBe(400);
    expect((await call(service, 'GET', '/clients/resolve?ref=x', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it("refuses a client's own token on the administrators' views: the list, resolve and its collections", async () => {
    const asClient = { authorization: `Bearer ${clients.alpha.token}` };
    for (const path of [`/clients?${mine}`, `/clients/resolve?ref=${encodeURIComponent(clients.alpha.name)}`, `/clients/${clients.alpha.clientId}/collections`, `/clients/${clients.alpha.clientId}`]) {
      const refused = await call<{ statusCode: number }>(service, 'GET', path, { headers: asClient });
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
    }
  });

  it('lists the collections a client is in with the rules that put it there, of each kind', async () => {
    const create = async (body: Record<string, unknown>) => {
      const result = await call<{ id: string; name: string }>(service, 'POST', '/collections', { body });
      if (result.status !== 201) throw new Error(`create collection: ${result.status} ${JSON.stringify(result.body)}`);
      return result.body;
    };
    const client = clients.delta;
    const direct = await create({ name: `Hand-picked ${marker}`, rules: [{ type: 'direct', clientId: client.clientId }] });
    const query = await create({ name: `Linux ${marker}`, rules: [{ type: 'query', name: 'linux here', expression: `os.name = 'linux' AND name = '${client.name}'` }] });
    const both = await create({
      name: `Both ${marker}`,
      rules: [
        { type: 'include', collectionId: query.id },
        { type: 'direct', clientId: clients.alpha.clientId },
      ],
    });
    const excluded = await create({ name: `Not delta ${marker}`, rules: [{ type: 'include', collectionId: direct.id }, { type: 'exclude', collectionId: query.id }] });
    const result = await call<{ items: { collectionId: string; collectionName: string; rules: { kind: string; description: string }[] }[] }>(
      service,
      'GET',
      `/clients/${client.clientId}/collections`,
      { headers: VIEWER },
    );
    expect(result.status).toBe(200);
    const byId = new Map(result.body.items.map((item) => [item.collectionId, item]));
    expect(byId.has(excluded.id)).toBe(false);
    expect(byId.get(direct.id)).toEqual({ collectionId: direct.id, collectionName: direct.name, rules: [{ kind: 'direct', description: `direct: ${client.name}` }] });
    expect(byId.get(query.id)?.rules).toEqual([{ kind: 'query', description: `query "linux here": os.name = 'linux' AND name = '${client.name}'` }]);
    expect(byId.get(both.id)?.rules).toEqual([{ kind: 'include', description: `include: Linux ${marker} (${query.id})` }]);
    expect(byId.get('SMS00003')).toMatchObject({ collectionName: 'All Linux Systems', rules: [{ kind: 'query' }] });
    expect(byId.get('SMS00001')).toMatchObject({ collectionName: 'All Systems' });
    expect(byId.has('SMS00002')).toBe(false);
    const names = result.body.items.map((item) => item.collectionName);
    expect(names).toEqual([...names].sort());
    expect((await call<{ code: string }>(service, 'GET', `/clients/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/collections`)).body.code).toBe('CLIENT_NOT_FOUND');
    expect((await call(service, 'GET', '/clients/not-a-uuid/collections')).status).toBe(400);
  });
});
