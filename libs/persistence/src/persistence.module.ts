import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrationsExclusively, ServiceDataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';
import type { ReadinessCheck } from '@sdp/observability';

/**
 * The service's database through TypeORM: created if missing, migrated at start, then injected
 * as DataSource and repositories.
 */
@Module({})
export class PersistenceModule {
  static forService(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...buildDataSourceOptions(options), retryAttempts: 15, retryDelay: 2000 }),
          dataSourceFactory: async (dataSourceOptions) => {
            await ensureDatabase(options.databaseUrl);
            const dataSource = new DataSource(dataSourceOptions!);
            await dataSource.initialize();
            await runMigrationsExclusively(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}

export function databaseReadiness(dataSource: DataSource): ReadinessCheck {
  return { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) };
}
