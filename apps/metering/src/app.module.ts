import { DynamicModule, Module } from '@nestjs/common';
import { CreateSiteIdCounter1767225600100 } from '@sdp/persistence';
import { EventHandlersModule, knownClientRevocationsProvider, ServiceCoreModule } from '@sdp/service';
import type { Logger } from 'pino';
import { ClientMeteringModule } from './client-metering/client-metering.module';
import { MeteringConfig } from './config';
import { TargetingClientsHandler } from './event-handlers/targeting-clients.handler';
import { CreateMeteringTables1767226500000 } from './migrations/1767226500000-CreateMeteringTables';
import { AddInstalledSoftware1767226600000 } from './migrations/1767226600000-AddInstalledSoftware';
import { AddClosedMonthReports1767226700000 } from './migrations/1767226700000-AddClosedMonthReports';
import { PageClosedMonthDrillDown1767226800000 } from './migrations/1767226800000-PageClosedMonthDrillDown';
import { ReportsModule } from './reports/reports.module';
import { MeteringRuleEntity } from './rules/metering-rule.entity';
import { MeteringRulesModule } from './rules/metering-rules.module';

const SERVICE = 'metering';

@Module({})
export class AppModule {
  static forRoot(config: MeteringConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      // Blocked and deleted clients, as targeting announced them, get 403 (tokens of a replaced key 401) on every client endpoint.
      providers: [knownClientRevocationsProvider],
      imports: [
        ServiceCoreModule.forService({
          service: SERVICE,
          config,
          logger,
          entities: [MeteringRuleEntity],
          migrations: [CreateSiteIdCounter1767225600100, CreateMeteringTables1767226500000, AddInstalledSoftware1767226600000, AddClosedMonthReports1767226700000, PageClosedMonthDrillDown1767226800000],
        }),
        EventHandlersModule.register({ handlers: [TargetingClientsHandler] }),
        MeteringRulesModule,
        ClientMeteringModule,
        ReportsModule,
      ],
    };
  }
}
