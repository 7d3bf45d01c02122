import { DataSource } from 'typeorm';
import { openServiceDataSource } from './data-source';
import { dropDatabase } from './ensure-database';
import { CreateSiteIdCounter1767225600100, nextSiteId } from './site-ids';

const databaseUrl = `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/persistence_ids_${Date.now().toString(36)}`;

describe('nextSiteId on PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ databaseUrl, entities: [], migrations: [CreateSiteIdCounter1767225600100], poolSize: 20 });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(databaseUrl);
  });

  it('hands out distinct consecutive IDs to concurrent creates, per kind', async () => {
    const ids = await Promise.all(
      Array.from({ length: 40 }, () => dataSource.transaction((manager) => nextSiteId(manager, 'package', 'S01'))),
    );
    expect(new Set(ids).size).toBe(40);
    expect([...ids].sort()).toEqual(Array.from({ length: 40 }, (_, index) => `S01${(index + 1).toString(16).toUpperCase().padStart(5, '0')}`));
    await expect(dataSource.transaction((manager) => nextSiteId(manager, 'collection', 'S01'))).resolves.toBe('S0100001');
  });

  it('gives a rolled-back number to the next create instead of skipping it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await nextSiteId(manager, 'advertisement', 'S01');
        throw new Error('create failed');
      }),
    ).rejects.toThrow('create failed');
    await expect(dataSource.transaction((manager) => nextSiteId(manager, 'advertisement', 'S01'))).resolves.toBe('S0100001');
  });
});
