import { Module } from '@nestjs/common';
import { MeteringRulesModule } from '../rules/metering-rules.module';
import { InstalledUnusedController } from './installed-unused.controller';
import { InstalledUnusedService } from './installed-unused.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [MeteringRulesModule],
  controllers: [ReportsController, InstalledUnusedController],
  providers: [ReportsService, InstalledUnusedService],
})
export class ReportsModule {}
