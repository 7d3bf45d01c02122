import { randomBytes } from 'node:crypto';
import { AdvertisementData, EventTypes, eventRegistry, PackageData, TOPICS } from '@sdp/contracts';
import { createEvent } from '@sdp/messaging';
import { eventually, stackSettings, uniqueSuffix } from '@sdp/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CatalogHarness, TopicReader } from '../test-support/catalog-harness';

describe('package and program deletion while advertisements or other programs use them (events from sdp.advertisement.advertisements.v1)', () => {
  let catalog: CatalogHarness;
  let reader: TopicReader;
  let producer: Producer;

  beforeAll(async () => {
    catalog = await CatalogHarness.start();
    reader = await TopicReader.start();
    producer = new Kafka({ clientId: `catalog-test-${uniqueSuffix()}`, brokers: stackSettings.kafkaBrokers, sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING }).producer();
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

  function newAdvertisementId(): string {
    return `${catalog.siteCode}${randomBytes(3).toString('hex').toUpperCase().slice(0, 5)}`;
  }

  async function applied(advertisementId: string, sequence: number): Promise<true | undefined> {
    const rows: unknown[] = await database().query('SELECT 1 FROM advertisement_usage WHERE advertisement_id = $1 AND last_sequence = $2', [advertisementId, sequence]);
    return rows.length > 0 ? true : undefined;
  }

  async function packageWithPrograms(name: string, programs: string[]): Promise<string> {
    const pkg = (await catalog.request<PackageData>('POST', '/api/v1/packages', { name })).body;
    for (const program of programs) {
      expect((await catalog.request('POST', `/api/v1/packages/${pkg.id}/programs`, { name: program, commandLine: `${program}.exe` })).status).toBe(201);
    }
    return pkg.id;
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

  it('answers 409 naming the advertisement while it runs the program, changing nothing, and deletes the program once it runs another', async () => {
    const packageId = await packageWithPrograms('Programs in use', ['Install', 'Repair', 'Spare']);
    const advertisementId = newAdvertisementId();
    const example = eventRegistry.get(EventTypes.advertisement.advertisementCreated)?.example as AdvertisementData;
    await publish(EventTypes.advertisement.advertisementCreated, advertisementId, { ...example, id: advertisementId, packageId, program: 'Install' }, 1);
    await eventually(() => applied(advertisementId, 1), 60_000, 'usage recorded');

    const refused = await catalog.request<{ statusCode: number; message: string; details: unknown }>('DELETE', `/api/v1/packages/${packageId}/programs/Install`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'PROGRAM_IN_USE',
      message: `program ${packageId}/Install is used by advertisements ${advertisementId}; delete them or point them at another program first`,
      details: [{ field: 'name', problems: [`used by advertisements ${advertisementId}`] }],
    });
    expect((await catalog.request('GET', `/api/v1/packages/${packageId}/programs/Install`)).status).toBe(200);
    expect((await catalog.request('DELETE', `/api/v1/packages/${packageId}/programs/Spare`)).status).toBe(204);

    await publish(EventTypes.advertisement.advertisementUpdated, advertisementId, { ...example, id: advertisementId, packageId, program: 'Repair' }, 2);
    await eventually(() => applied(advertisementId, 2), 60_000, 'usage moved to Repair');
    expect((await catalog.request('DELETE', `/api/v1/packages/${packageId}/programs/Install`)).status).toBe(204);
    expect((await catalog.request('DELETE', `/api/v1/packages/${packageId}/programs/Repair`)).status).toBe(409);
  });

  it('counts a usage recorded before programs were kept as using every program of its package, until its next event', async () => {
    const packageId = await packageWithPrograms('Legacy usage', ['Install', 'Other']);
    const advertisementId = newAdvertisementId();
    // What the migration leaves of a row recorded before it: the package, no program.
    await database().query('INSERT INTO advertisement_usage (advertisement_id, package_id, last_sequence) VALUES ($1, $2, 1)', [advertisementId, packageId]);
    for (const program of ['Install', 'Other']) {
      const refused = await catalog.request<{ message: string }>('DELETE', `/api/v1/packages/${packageId}/programs/${program}`);
      expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 409, message: expect.stringContaining(advertisementId) });
    }
    const example = eventRegistry.get(EventTypes.advertisement.advertisementUpdated)?.example as AdvertisementData;
    await publish(EventTypes.advertisement.advertisementUpdated, advertisementId, { ...example, id: advertisementId, packageId, program: 'Other' }, 2);
    await eventually(() => applied(advertisementId, 2), 60_000, 'usage with its program');
    expect((await catalog.request('DELETE', `/api/v1/packages/${packageId}/programs/Install`)).status).toBe(204);
    expect((await catalog.request('DELETE', `/api/v1/packages/${packageId}/programs/Other`)).status).toBe(409);
  });

  it('answers 409 naming the programs that depend on a program, and deletes it once none does', async () => {
    const runtime = await packageWithPrograms('Runtime', ['Runtime']);
    const app = (await catalog.request<PackageData>('POST', '/api/v1/packages', { name: 'App' })).body.id;
    const dependsOn = { packageId: runtime, program: 'Runtime', alwaysRunFirst: false };
    expect((await catalog.request('POST', `/api/v1/packages/${app}/programs`, { name: 'Install', commandLine: 'i.exe', dependsOn })).status).toBe(201);
    const refused = await catalog.request<{ message: string }>('DELETE', `/api/v1/packages/${runtime}/programs/Runtime`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`program ${runtime}/Runtime is used by programs ${app}/Install; it is their dependency; change those first`);
    const packageRefused = await catalog.request<{ message: string }>('DELETE', `/api/v1/packages/${runtime}`);
    expect(packageRefused.body.message).toBe(`package ${runtime} is used by programs ${app}/Install; its programs are their dependencies; change those first`);
    expect((await catalog.request('DELETE', `/api/v1/packages/${app}/programs/Install`)).status).toBe(204);
    expect((await catalog.request('DELETE', `/api/v1/packages/${runtime}/programs/Runtime`)).status).toBe(204);
  });
});
