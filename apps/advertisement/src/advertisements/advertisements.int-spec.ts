import { AdvertisementData, AdvertisementStatusPage, AdvertisementView, CloudEvent, EventTypes, PolicyBody, TOPICS } from '@sdp/contracts';
import { randomUUID } from 'node:crypto';
import { eventually } from '@sdp/testing';
import { AdvertisementTestKit } from '../test-support/advertisement-test-kit';
import { clientFixture, collectionFixture, packageFixture, programFixture } from '../test-support/fixtures';

describe('advertisements (real Kafka, PostgreSQL)', () => {
  let kit: AdvertisementTestKit;
  let published: { events: CloudEvent[]; stop: () => Promise<void> };
  const packageId = 'T0100001';
  const collectionId = 'T0100002';

  beforeAll(async () => {
    kit = await AdvertisementTestKit.start();
    published = await kit.readOwnTopic(TOPICS.advertisementAdvertisements);
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: packageId }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Install' }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId, name: 'Retired', disabled: true }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: collectionId }));
  });

  afterAll(async () => {
    await published?.stop();
    await kit?.close();
  });

  const valid = { name: 'Reader to everyone', packageId, program: 'Install', collectionId };

  it('creates with every default of domain.md once the catalog and targeting events are in, and publishes it', async () => {
    const created = await eventually(async () => {
      const answer = await kit.http<AdvertisementView>('POST', '/advertisements', { body: valid });
      return answer.status === 422 ? undefined : answer;
    }, 30_000, 'consumed package, program and collection');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...valid,
      comment: '',
      includeSubcollections: true,
      expiresAt: null,
      mandatory: [],
      rerun: 'if-failed',
      fastNetwork: 'download',
      slowNetwork: 'do-not-run',
      allowFallbackToUnprotected: false,
      ignoreMaintenanceWindows: false,
      allowRestartOutsideWindows: false,
      allowUserToRunIndependently: true,
      priority: 'medium',
      enabled: true,
      broken: false,
      brokenReason: null,
      rollout: null,
    });
    expect(created.body.id).toMatch(/^S01[0-9A-F]{5}$/);
    expect(Math.abs(Date.parse(created.body.availableAt) - Date.now())).toBeLessThan(60_000);

    const event = await eventually(async () => published.events.find((candidate) => candidate.subject === created.body.id), 30_000, 'created event');
    expect(event.type).toBe(EventTypes.advertisement.advertisementCreated);
    const { broken: _broken, brokenReason: _brokenReason, rollout: _rollout, ...advertisement } = created.body;
    expect(event.data).toEqual(advertisement);

    expect((await kit.http('GET', `/advertisements/${created.body.id}`)).body).toEqual(created.body);
  });

  it.each([
    ['an unknown package', { packageId: 'T01FFFFF' }, 'packageId'],
    ['an unknown program', { program: 'Uninstall' }, 'program'],
    ['a disabled program', { program: 'Retired' }, 'program'],
    ['an unknown collection', { collectionId: 'T01FFFFF' }, 'collectionId'],
    ['a malformed schedule', { mandatory: [{ type: 'recurring', at: '2026-07-01T00:00:00Z', every: 'weekly' }] }, 'mandatory[0].every'],
    ['16 mandatory assignments', { mandatory: Array.from({ length: 16 }, () => ({ type: 'asap' })) }, 'mandatory'],
    ['expiresAt before availableAt', { availableAt: '2026-07-02T00:00:00Z', expiresAt: '2026-07-01T00:00:00Z' }, 'expiresAt'],
    ['expiresAt equal to availableAt', { availableAt: '2026-07-01T00:00:00Z', expiresAt: '2026-07-01T00:00:00Z' }, 'expiresAt'],
  ])('refuses %s with 422 naming the field', async (_what, change, field) => {
    const answer = await kit.http<{ details: { field: string }[] }>('POST', '/advertisements', { body: { ...valid, ...change } });
    expect(answer.status).toBe(422);
    expect(answer.body.details[0].field).toBe(field);
  });

  it.each([
    ['a missing name', { name: undefined }],
    ['a wrong type', { enabled: 'yes' }],
    ['an unknown field', { colour: 'red' }],
    ['a bad enum', { rerun: 'sometimes' }],
  ])('refuses %s with 400', async (_what, change) => {
    expect((await kit.http('POST', '/advertisements', { body: { ...valid, ...change } })).status).toBe(400);
  });

  it('updates, lists and deletes, publishing each change', async () => {
    const creation = await kit.http<AdvertisementData>('POST', '/advertisements', { body: { ...valid, name: 'to change' } });
    expect(creation.status).toBe(201);
    const created = creation.body;
    const patched = await kit.http<AdvertisementData>('PATCH', `/advertisements/${created.id}`, {
      body: { enabled: false, mandatory: [{ type: 'at', at: '2026-08-01T02:00:00+02:00' }], rerun: 'always' },
    });
    expect(patched).toMatchObject({ status: 200 });
    expect(patched.body).toMatchObject({ enabled: false, rerun: 'always', mandatory: [{ type: 'at', at: '2026-08-01T00:00:00.000Z' }], name: 'to change' });
    const disabled = await kit.http<{ code: string }>('PATCH', `/advertisements/${created.id}`, { body: { program: 'Retired' } });
    expect(disabled.status).toBe(422);
    expect(disabled.body.code).toBe('PROGRAM_DISABLED');

    const listed = await kit.http<{ items: AdvertisementData[]; nextCursor: string | null }>('GET', '/advertisements?limit=1');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.nextCursor).not.toBeNull();
    const second = await kit.http<{ items: AdvertisementData[] }>('GET', `/advertisements?limit=1&cursor=${listed.body.nextCursor}`);
    expect(second.body.items[0].id > listed.body.items[0].id).toBe(true);

    expect((await kit.http('DELETE', `/advertisements/${created.id}`)).status).toBe(204);
    const gone = await kit.http<{ code: string }>('GET', `/advertisements/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('ADVERTISEMENT_NOT_FOUND');
    expect((await kit.http('DELETE', `/advertisements/${created.id}`)).status).toBe(404);

    const types = await eventually(async () => {
      const mine = published.events.filter((event) => event.subject === created.id).map((event) => event.type);
      return mine.length >= 3 ? mine : undefined;
    }, 30_000, 'update and delete events');
    expect(types).toEqual([
      EventTypes.advertisement.advertisementCreated,
      EventTypes.advertisement.advertisementUpdated,
      EventTypes.advertisement.advertisementDeleted,
    ]);
  });

  it('shows itself broken, saying why, once what it names is deleted, offers itself to nobody, and is whole again once repointed', async () => {
    const doomedPackage = 'T0100003';
    const doomedCollection = 'T0100004';
    const member = randomUUID();
    await kit.publish(EventTypes.catalog.packageCreated, packageFixture({ id: doomedPackage }));
    await kit.publish(EventTypes.catalog.programCreated, programFixture({ packageId: doomedPackage, name: 'Install' }));
    await kit.publish(EventTypes.targeting.collectionCreated, collectionFixture({ id: doomedCollection }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture({ id: member }));
    await kit.publish(EventTypes.targeting.membershipChanged, { collectionId: doomedCollection, membershipVersion: 1, added: [member], removed: [] });
    const created = await eventually(async () => {
      const answer = await kit.http<AdvertisementView>('POST', '/advertisements', {
        body: { name: 'Soon broken', packageId: doomedPackage, program: 'Install', collectionId: doomedCollection },
      });
      return answer.status === 201 ? answer.body : undefined;
    }, 30_000, 'advertisement on the doomed package and collection');
    expect(created).toMatchObject({ broken: false, brokenReason: null });
    const offered = () =>
      kit.http<PolicyBody>('GET', `/clients/${member}/policy`, { token: kit.clientToken(member) }).then((answer) =>
        answer.body.advertisements.some((entry) => entry.advertisementId === created.id),
      );
    await eventually(async () => ((await offered()) ? true : undefined), 20_000, 'offered to the member');
    const reasonOnceItIs = (reason: string) =>
      eventually(async () => {
        const answer = await kit.http<AdvertisementView>('GET', `/advertisements/${created.id}`);
        return answer.body.brokenReason === reason ? answer.body : undefined;
      }, 20_000, `broken: ${reason}`);

    await kit.publish(EventTypes.catalog.programDeleted, { packageId: doomedPackage, name: 'Install' });
    expect(await reasonOnceItIs('program Install of package T0100003 was deleted')).toMatchObject({ broken: true, enabled: true });
    expect(await offered()).toBe(false);

    await kit.publish(EventTypes.targeting.collectionDeleted, { id: doomedCollection });
    const both = 'program Install of package T0100003 was deleted; collection T0100004 was deleted';
    await reasonOnceItIs(both);
    const status = await kit.http<AdvertisementStatusPage>('GET', `/advertisements/${created.id}/status`);
    expect(status.body).toMatchObject({ broken: true, brokenReason: both, summary: { targeted: 0 } });
    const listed = await kit.http<{ items: AdvertisementView[] }>('GET', '/advertisements?limit=100');
    expect(listed.body.items.find((item) => item.id === created.id)).toMatchObject({ broken: true, brokenReason: both });

    await kit.publish(EventTypes.catalog.packageDeleted, { id: doomedPackage });
    await reasonOnceItIs('package T0100003 was deleted; collection T0100004 was deleted');

    const repointed = await kit.http<AdvertisementView>('PATCH', `/advertisements/${created.id}`, { body: { packageId, program: 'Install', collectionId } });
    expect(repointed.status).toBe(200);
    expect(repointed.body).toMatchObject({ packageId, collectionId, broken: false, brokenReason: null });
    expect((await kit.http<AdvertisementStatusPage>('GET', `/advertisements/${created.id}/status`)).body).toMatchObject({ broken: false, brokenReason: null });
  });

  it('needs an admin token', async () => {
    expect((await kit.http('GET', '/advertisements', { token: kit.clientToken('0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f') })).status).toBe(403);
    expect((await kit.http('GET', '/advertisements', { token: 'nonsense' })).status).toBe(401);
  });
});
