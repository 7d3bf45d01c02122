import { Module } from '@nestjs/common';
import { MeteringRulesModule } from '../rules/metering-rules.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [MeteringRulesModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
