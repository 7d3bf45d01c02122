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
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
