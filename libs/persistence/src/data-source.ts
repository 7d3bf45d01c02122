import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { ensureDatabase } from './ensure-database';

// TypeORM's own option types for these lists; kept loose so services pass classes directly.
type EntityList = MixedList<string | EntitySchema | (new (...args: never[]) => unknown)>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/<database of this service> */
  databaseUrl: string;
  entities: EntityList;
  migrations: MigrationList;
  /** Pool size per replica. */
  poolSize?: number;
  /** Logged as the PostgreSQL application_name, so `pg_stat_activity` tells services apart. */
  applicationName?: string;
}

export function buildDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.databaseUrl,
    entities: options.entities as DataSourceOptions['entities'],
    migrations: options.migrations as DataSourceOptions['migrations'],
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes happen only through migrations, never by synchronising entities.
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  };
}

/**
 * Creates the database if missing, connects and runs pending migrations: what every service
 * does at start.
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  await ensureDatabase(options.databaseUrl);
  const dataSource = new DataSource(buildDataSourceOptions(options));
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** Names the advisory lock under which a service's replicas migrate its database one at a time. */
const MIGRATION_LOCK = 'sdp.migrations';

/**
 * Runs the pending migrations while holding the database's migration lock: replicas that start
 * together wait for each other, and the later ones find nothing left to run (without the lock
 * both would run the same migration, and one would fail on what the other created).
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  // Raw SQL: a session-level advisory lock, which the ORM has no call for; it ends with the session if the process dies.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
