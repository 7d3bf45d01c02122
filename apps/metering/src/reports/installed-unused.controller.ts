import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { InstalledUnusedReport } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { MeteringRuleIdPipe } from '../rules/metering-rule-id.pipe';
import { InstalledUnusedQueryDto, unusedDays } from './dto/installed-unused-query.dto';
import { InstalledUnusedService } from './installed-unused.service';

/** Viewers read it (the method's default roles), as they read reports. */
@ApiTags('metering reports')
@ApiBearerAuth()
@Controller('api/v1/metering/rules/:id/installed-unused')
export class InstalledUnusedController {
  constructor(private readonly installed: InstalledUnusedService) {}

  @Get()
  @ApiOkResponse({
    description:
      "Computers of the rule's platforms and site whose last inventory lists the rule's installed software (its installedSoftwareName pattern, or its product name) and that have not run it since `since` (now - days), by computer name",
    schema: {
      type: 'object',
      properties: {
        ruleId: { type: 'string', example: 'S0100001' },
        productName: { type: 'string' },
        days: { type: 'integer', example: 90 },
        since: { type: 'string', format: 'date-time' },
        computers: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              clientId: { type: 'string', format: 'uuid' },
              clientName: { type: 'string' },
              softwareName: { type: 'string' },
              softwareVersion: { type: 'string', nullable: true },
              lastUsedAt: { type: 'string', format: 'date-time', nullable: true, description: 'When it last ran there; null: never' },
            },
          },
        },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'days is not a whole number from 1 to 3650; details name days' })
  installedUnused(@Param('id', MeteringRuleIdPipe) id: string, @Query() query: InstalledUnusedQueryDto): Promise<InstalledUnusedReport> {
    const days = unusedDays(query.days);
    if ('why' in days) {
      throw ruleViolation('days', days.why);
    }
    return this.installed.installedUnused(id, days.days);
  }
}
