import { AdvertisementData, CollectionData, EventTypes, eventRegistry, MaintenanceWindowData, TOPICS } from '@sdp/contracts';
import { eventually, TestService } from '@sdp/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { call, publishEvent, startTargeting } from '../test-support/targeting-test';

interface ErrorAnswer {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: { field: string; problems: string[] }[];
}

const example = eventRegistry.get(EventTypes.advertisement.advertisementCreated)!.example as AdvertisementData;

describe('deleting collections and maintenance windows that advertisements use (events from sdp.advertisement.advertisements.v1)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTargeting();
  }, 90_000);

  afterAll(async () => {
    await service?.close();
  });

  /** An advertisement ID no other run uses (site code Z + random). */
  function advertisementId(): string {
    return `Z${randomBytes(4).toString('hex').toUpperCase().slice(0, 7)}`;
  }

  /** Publishes the advertisement's event and waits until targeting has applied it. */
  async function advertise(type: string, advertisement: Pick<AdvertisementData, 'id'> & Partial<AdvertisementData>, sequence: number): Promise<void> {
    const data = type === EventTypes.advertisement.advertisementDeleted ? { id: advertisement.id } : { ...example, ...advertisement };
    await publishEvent(TOPICS.advertisementAdvertisements, type, advertisement.id, data, sequence);
    await eventually(async () => {
      const rows: unknown[] = await service.app
        .get(DataSource)
        .query(`SELECT 1 FROM advertisement_usage WHERE advertisement_id = $1 AND last_sequence = $2`, [advertisement.id, sequence]);
      return rows.length > 0 ? true : undefined;
    }, 60_000, `advertisement ${advertisement.id} event ${sequence} applied`);
  }

  async function collection(name: string, rules: Record<string, unknown>[] = []): Promise<CollectionData> {
    const created = await call<CollectionData>(service, 'POST', '/collections', { body: { name: `${name} ${randomBytes(3).toString('hex')}`, rules } });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('refuses to delete a collection an advertisement targets, naming it, and deletes it once no advertisement does', async () => {
    const target = await collection('Targeted');
    const ad = advertisementId();
    await advertise(EventTypes.advertisement.advertisementCreated, { id: ad, collectionId: target.id }, 1);

    const refused = await call<ErrorAnswer>(service, 'DELETE', `/collections/${target.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'COLLECTION_IN_USE',
      message: `collection ${target.id} is used by advertisements ${ad}; delete them or point them at another collection first`,
      details: [{ field: 'id', problems: [`used by advertisements ${ad}`] }],
    });
    expect((await call(service, 'GET', `/collections/${target.id}`)).status).toBe(200);

    const elsewhere = await collection('Elsewhere');
    await advertise(EventTypes.advertisement.advertisementUpdated, { id: ad, collectionId: elsewhere.id }, 2);
    expect((await call(service, 'DELETE', `/collections/${target.id}`)).status).toBe(204);
    expect((await call(service, 'DELETE', `/collections/${elsewhere.id}`)).status).toBe(409);
    await advertise(EventTypes.advertisement.advertisementDeleted, { id: ad }, 3);
    // A late copy of the creation must not bring the usage back.
    await publishEvent(TOPICS.advertisementAdvertisements, EventTypes.advertisement.advertisementCreated, ad, { ...example, id: ad, collectionId: elsewhere.id }, 1);
    await eventually(async () => ((await call(service, 'DELETE', `/collections/${elsewhere.id}`)).status === 204 ? true : undefined), 20_000, 'deleted');
  });

  it('names the first 20 advertisements and counts the rest', async () => {
    const target = await collection('Popular');
    const ids = Array.from({ length: 23 }, advertisementId).sort();
    for (const id of ids) {
      await advertise(EventTypes.advertisement.advertisementCreated, { id, collectionId: target.id }, 1);
    }
    const refused = await call<ErrorAnswer>(service, 'DELETE', `/collections/${target.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`collection ${target.id} is used by advertisements ${ids.slice(0, 20).join(', ')} and 3 more; delete them or point them at another collection first`);
  });

  it('refuses to delete a collection another collection includes or is limited by, naming them', async () => {
    const base = await collection('Base');
    const including = await collection('Including', [{ type: 'include', collectionId: base.id }]);
    const limited = (await call<CollectionData>(service, 'POST', '/collections', { body: { name: `Limited ${Date.now()}`, rules: [], limitingCollectionId: base.id } })).body;
    const refused = await call<ErrorAnswer>(service, 'DELETE', `/collections/${base.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`collection ${base.id} is used by collections ${[including.id, limited.id].sort().join(', ')};`);
    expect((await call(service, 'DELETE', `/collections/${including.id}`)).status).toBe(204);
    expect((await call(service, 'DELETE', `/collections/${limited.id}`)).status).toBe(204);
    expect((await call(service, 'DELETE', `/collections/${base.id}`)).status).toBe(204);
  });

  it('refuses to delete a maintenance window an advertisement keeps to, saying what to do, until it ignores windows', async () => {
    const target = await collection('Windowed');
    const window = await call<MaintenanceWindowData>(service, 'POST', `/collections/${target.id}/maintenance-windows`, {
      body: { name: 'Nights', start: '2026-03-02T22:00:00+01:00', durationMinutes: 240, recurrence: { type: 'daily' } },
    });
    expect(window.status).toBe(201);
    const ad = advertisementId();
    await advertise(EventTypes.advertisement.advertisementCreated, { id: ad, collectionId: target.id, ignoreMaintenanceWindows: false }, 1);

    const refused = await call<ErrorAnswer>(service, 'DELETE', `/collections/${target.id}/maintenance-windows/${window.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MAINTENANCE_WINDOW_IN_USE');
    expect(refused.body.message).toBe(
      `maintenance window ${window.body.id} of collection ${target.id} is used by advertisements ${ad}; set ignoreMaintenanceWindows on them or retarget them first`,
    );
    expect((await call<MaintenanceWindowData[]>(service, 'GET', `/collections/${target.id}/maintenance-windows`)).body).toEqual([window.body]);

    await advertise(EventTypes.advertisement.advertisementUpdated, { id: ad, collectionId: target.id, ignoreMaintenanceWindows: true }, 2);
    expect((await call(service, 'DELETE', `/collections/${target.id}/maintenance-windows/${window.body.id}`)).status).toBe(204);
    expect((await call<MaintenanceWindowData[]>(service, 'GET', `/collections/${target.id}/maintenance-windows`)).body).toEqual([]);
    // Ignoring windows does not free the collection itself.
    expect((await call(service, 'DELETE', `/collections/${target.id}`)).status).toBe(409);
  });
});
