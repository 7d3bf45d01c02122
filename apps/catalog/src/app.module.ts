import { DynamicModule, Module } from '@nestjs/common';
import { CreateSiteIdCounter1767225600100 } from '@sdp/persistence';
import { AdvertisementUsageHandler, EventHandlersModule, ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { CatalogConfig } from './config';
import { CreateCatalogTables1767225600300 } from './migrations/1767225600300-CreateCatalogTables';
import { AddPackageSourceConfig1767225600400 } from './migrations/1767225600400-AddPackageSourceConfig';
import { AddAdvertisementUsageReferences1767225600500 } from './migrations/1767225600500-AddAdvertisementUsageReferences';
import { PackageDefinitionsModule } from './package-definitions/package-definitions.module';
import { PackageEntity } from './packages/package.entity';
import { PackagesModule } from './packages/packages.module';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';
import { SourceVersionEntity } from './source/source-version.entity';
import { SourceModule } from './source/source.module';
import { SourceLocationModule } from './source-location/source-location.module';

const SERVICE = 'catalog';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [PackageEntity, ProgramEntity, SourceVersionEntity],
          migrations: [
            CreateSiteIdCounter1767225600100,
            CreateCatalogTables1767225600300,
            AddPackageSourceConfig1767225600400,
            AddAdvertisementUsageReferences1767225600500,
          ],
          sourceStore: config,
        }),
        PackagesModule,
        ProgramsModule,
        SourceModule,
        EventHandlersModule.register({ handlers: [AdvertisementUsageHandler] }),
        PackageDefinitionsModule,
        SourceLocationModule,
      ],
    };
  }
}
