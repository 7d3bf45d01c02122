import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@sdp/auth';
import { ObservabilityModule } from '@sdp/observability';
import { databaseReadiness, PersistenceModule } from '@sdp/persistence';
import { DataSource } from 'typeorm';
import { CatalogConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRoot(config.auth),
        PersistenceModule.forService({
          databaseUrl: config.DATABASE_URL,
          applicationName: 'catalog',
          entities: [],
          migrations: [],
        }),
        ObservabilityModule.forService({
          service: 'catalog',
          readiness: {
            inject: [getDataSourceToken()],
            useFactory: (dataSource: DataSource) => [databaseReadiness(dataSource)],
          },
        }),
      ],
    };
  }
}
