import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { openServiceDataSource } from './data-source';
import { dropDatabase } from './ensure-database';

const databaseUrl = `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/persistence_replicas_${Date.now().toString(36)}`;

class CreateSlowTable1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE slow_table (id int PRIMARY KEY)');
    // Long enough for the other replica to look at the migrations table meanwhile.
    await runner.query('SELECT pg_sleep(0.3)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE slow_table');
  }
}

class AddSlowColumn1700000000002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE slow_table ADD COLUMN name text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE slow_table DROP COLUMN name');
  }
}

describe('replicas starting at once on a new database', () => {
  const opened: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
    await dropDatabase(databaseUrl);
  });

  it('each create the database if missing and migrate it, one after the other: every migration runs once', async () => {
    const replicas = await Promise.allSettled(
      [1, 2, 3].map(() => openServiceDataSource({ databaseUrl, entities: [], migrations: [CreateSlowTable1700000000001, AddSlowColumn1700000000002], poolSize: 2 })),
    );
    for (const replica of replicas) if (replica.status === 'fulfilled') opened.push(replica.value);
    expect(replicas.map((replica) => (replica.status === 'rejected' ? String(replica.reason) : 'opened'))).toEqual(['opened', 'opened', 'opened']);
    const migrations: { name: string }[] = await opened[0].query('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((row) => row.name)).toEqual(['CreateSlowTable1700000000001', 'AddSlowColumn1700000000002']);
  });
});
