import { randomBytes } from 'node:crypto';
import { AdvertisementData, EventTypes, eventRegistry, PackageData, TOPICS } from '@sdp/contracts';
import { createEvent } from '@sdp/messaging';
import { eventually, stackSettings, uniqueSuffix } from '@sdp/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CatalogHarness, TopicReader } from '../test-support/catalog-harness';

describe('package deletion while advertisements use it (events from sdp.advertisement.advertisements.v1)', () => {
  let catalog: CatalogHarness;
  let reader: TopicReader;
  let producer: Producer;

  beforeAll(async () => {
    catalog = await CatalogHarness.start();
    reader = await TopicReader.start();
    producer = new Kafka({ clientId: `catalog-test-${uniqueSuffix()}`, brokers: stackSettings.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    await catalog?.close();
  });

  async function publish(type: string, advertisementId: string, data: unknown, sequence: number): Promise<string> {
    const event = eventRegistry.validate(createEvent({ type, source: 'sdp.advertisement', subject: advertisementId, data, sequence }));
    await producer.send({ topic: TOPICS.advertisementAdvertisements, messages: [{ key: advertisementId, value: JSON.stringify(event) }] });
    return event.id;
  }

  function database(): DataSource {
    return catalog.service.app.get<DataSource>(getDataSourceToken());
  }

  async function handled(eventId: string): Promise<true | undefined> {
    const rows: unknown[] = await database().query('SELECT 1 FROM inbox_event WHERE event_id = $1', [eventId]);
    return rows.length > 0 ? true : undefined;
  }

  async function usageOf(advertisementId: string): Promise<string | null | undefined> {
    const dataSource = database();
    const rows: { package_id: string | null }[] = await dataSource.query('SELECT package_id FROM advertisement_usage WHERE advertisement_id = $1', [advertisementId]);
    return rows.length === 0 ? undefined : rows[0].package_id;
  }

  it('answers 409 while an advertisement uses the package, and deletes it once the advertisement is gone', async () => {
    const pkg = (await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'Advertised' })).body;
    const advertisementId = `${catalog.siteCode}${randomBytes(3).toString('hex').toUpperCase().slice(0, 5)}`;
    const example = eventRegistry.get(EventTypes.advertisement.advertisementCreated)?.example as AdvertisementData;
    const advertisement: AdvertisementData = { ...example, id: advertisementId, packageId: pkg.id };

    await publish(EventTypes.advertisement.advertisementCreated, advertisementId, advertisement, 1);
    await eventually(async () => ((await usageOf(advertisementId)) === pkg.id ? true : undefined), 60_000, 'usage recorded');
    const refused = await catalog.request<{ message: string }>('DELETE', `/api/v1/packages/${pkg.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(advertisementId);

    await publish(EventTypes.advertisement.advertisementDeleted, advertisementId, { id: advertisementId }, 2);
    await eventually(async () => ((await usageOf(advertisementId)) === null ? true : undefined), 60_000, 'usage removed');
    // A late copy of the creation must not bring the usage back.
    const late = await publish(EventTypes.advertisement.advertisementCreated, advertisementId, advertisement, 1);
    await eventually(() => handled(late), 60_000, 'late event handled');
    expect(await usageOf(advertisementId)).toBeNull();
    expect((await catalog.request('DELETE', `/api/v1/packages/${pkg.id}`)).status).toBe(204);
    const [deleted] = await reader.waitFor((e) => e.subject === pkg.id && e.type === EventTypes.catalog.packageDeleted);
    expect(deleted.data).toEqual({ id: pkg.id });
  });
});
