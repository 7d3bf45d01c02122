import { DynamicModule, Module } from '@nestjs/common';
import { CreateSiteIdCounter1767225600100 } from '@sdp/persistence';
import { EventHandlersModule, knownClientRevocationsProvider, ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { AdvertisementEntity } from './advertisements/advertisement.entity';
import { AdvertisementsModule } from './advertisements/advertisements.module';
import { AdvertisementConfig } from './config';
import { CatalogHandler } from './event-handlers/catalog.handler';
import { ReplicationHandler } from './event-handlers/replication.handler';
import { TargetingHandler } from './event-handlers/targeting.handler';
import { KnownCollectionEntity } from './known/known-collection.entity';
import { KnownPackageEntity } from './known/known-package.entity';
import { KnownProgramEntity } from './known/known-program.entity';
import { CreateAdvertisementTables1767225700000 } from './migrations/1767225700000-CreateAdvertisementTables';
import { IndexBlockedClients1767225700100 } from './migrations/1767225700100-IndexBlockedClients';
import { CreateDeletedClients1767225700200 } from './migrations/1767225700200-CreateDeletedClients';
import { AddClientKeyGeneration1767225700300 } from './migrations/1767225700300-AddClientKeyGeneration';
import { CreatePolicyRecomputeQueue1767225700400 } from './migrations/1767225700400-CreatePolicyRecomputeQueue';
import { AddAdvertisementRetries1767226300000 } from './migrations/1767226300000-AddAdvertisementRetries';
import { CreateAdvertisementRollout1767226400000 } from './migrations/1767226400000-CreateAdvertisementRollout';
import { AddProgramOutput1767226500000 } from './migrations/1767226500000-AddProgramOutput';
import { PolicyModule } from './policy/policy.module';
import { PushModule } from './push/push.module';
import { RetriesModule } from './retries/retries.module';
import { AdvertisementRolloutEntity } from './rollout/advertisement-rollout.entity';
import { RolloutModule } from './rollout/rollout.module';
import { ClientAdvertisementStatusEntity } from './status/client-advertisement-status.entity';
import { ClientStatusReportEntity } from './status/client-status-report.entity';
import { StatusModule } from './status/status.module';

const SERVICE = 'advertisement';

@Module({})
export class AppModule {
  static forRoot(config: AdvertisementConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      // Blocked and deleted clients, as targeting announced them, get 403 (tokens of a replaced key 401) on every client endpoint.
      providers: [knownClientRevocationsProvider],
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [AdvertisementEntity, KnownPackageEntity, KnownProgramEntity, KnownCollectionEntity, ClientStatusReportEntity, ClientAdvertisementStatusEntity, AdvertisementRolloutEntity],
          migrations: [CreateSiteIdCounter1767225600100, CreateAdvertisementTables1767225700000, IndexBlockedClients1767225700100, CreateDeletedClients1767225700200, AddClientKeyGeneration1767225700300, CreatePolicyRecomputeQueue1767225700400, AddAdvertisementRetries1767226300000, CreateAdvertisementRollout1767226400000, AddProgramOutput1767226500000],
        }),
        EventHandlersModule.register({ handlers: [CatalogHandler, TargetingHandler, ReplicationHandler] }),
        AdvertisementsModule,
        PolicyModule,
        PushModule,
        RetriesModule,
        StatusModule,
        RolloutModule,
      ],
    };
  }
}
