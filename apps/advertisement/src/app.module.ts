import { DynamicModule, Module } from '@nestjs/common';
import { CreateSiteIdCounter1767225600100 } from '@sdp/persistence';
import { ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { AdvertisementsModule } from './advertisements/advertisements.module';
import { AdvertisementConfig } from './config';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CreateAdvertisementTables1767225700000 } from './migrations/1767225700000-CreateAdvertisementTables';
import { IndexBlockedClients1767225700100 } from './migrations/1767225700100-IndexBlockedClients';
import { CreateDeletedClients1767225700200 } from './migrations/1767225700200-CreateDeletedClients';
import { AddClientKeyGeneration1767225700300 } from './migrations/1767225700300-AddClientKeyGeneration';
import { PolicyModule } from './policy/policy.module';
import { SettingsModule } from './settings.module';
import { StatusModule } from './status/status.module';

const SERVICE = 'advertisement';

@Module({})
export class AppModule {
  static forRoot(config: AdvertisementConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [],
          migrations: [CreateSiteIdCounter1767225600100, CreateAdvertisementTables1767225700000, IndexBlockedClients1767225700100, CreateDeletedClients1767225700200, AddClientKeyGeneration1767225700300],
        }),
        SettingsModule.forRoot(config),
        KnowledgeModule,
        AdvertisementsModule,
        PolicyModule,
        StatusModule,
      ],
    };
  }
}
