import { DynamicModule, Module } from '@nestjs/common';
import { CreateSiteIdCounter1767225600100 } from '@sdp/persistence';
import { AdvertisementUsageHandler, EventHandlersModule, ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { ClientEntity } from './clients/client.entity';
import { ClientsModule } from './clients/clients.module';
import { CollectionEntity } from './collections/collection.entity';
import { CollectionsModule } from './collections/collections.module';
import { TargetingConfig } from './config';
import { EnrollmentSecretEntity } from './enrollment-secrets/enrollment-secret.entity';
import { EnrollmentSecretsModule } from './enrollment-secrets/enrollment-secrets.module';
import { MembershipRequestsHandler } from './event-handlers/membership-requests.handler';
import { MaintenanceWindowsModule } from './maintenance-windows/maintenance-windows.module';
import { MembershipModule } from './membership/membership.module';
import { CreateTargetingTables1767225700000 } from './migrations/1767225700000-create-targeting-tables';
import { CreateAdvertisementUsage1767225800000 } from './migrations/1767225800000-create-advertisement-usage';
import { CreateEnrollmentSecrets1767225900000 } from './migrations/1767225900000-create-enrollment-secrets';
import { AddClientKeys1767226000000 } from './migrations/1767226000000-add-client-keys';
import { AddCollectionRulesVersion1767226100000 } from './migrations/1767226100000-add-collection-rules-version';
import { AddClientListIndexes1767226250000 } from './migrations/1767226250000-add-client-list-indexes';

const SERVICE = 'targeting';

@Module({})
export class AppModule {
  static forRoot(config: TargetingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [ClientEntity, CollectionEntity, EnrollmentSecretEntity],
          migrations: [CreateSiteIdCounter1767225600100, CreateTargetingTables1767225700000, CreateAdvertisementUsage1767225800000, CreateEnrollmentSecrets1767225900000, AddClientKeys1767226000000, AddCollectionRulesVersion1767226100000, AddClientListIndexes1767226250000],
        }),
        EnrollmentSecretsModule,
        ClientsModule,
        CollectionsModule,
        MaintenanceWindowsModule,
        EventHandlersModule.register({ imports: [MembershipModule], handlers: [AdvertisementUsageHandler, MembershipRequestsHandler] }),
      ],
    };
  }
}
