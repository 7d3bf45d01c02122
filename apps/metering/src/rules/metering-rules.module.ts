import { Module } from '@nestjs/common';
import { MeteringRulesController } from './metering-rules.controller';
import { MeteringRulesService } from './metering-rules.service';

@Module({
  controllers: [MeteringRulesController],
  providers: [MeteringRulesService],
  exports: [MeteringRulesService],
})
export class MeteringRulesModule {}
