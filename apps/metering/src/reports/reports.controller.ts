import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MeteringReport } from '@sdp/contracts';
import { MeteringRuleIdPipe } from '../rules/metering-rule-id.pipe';
import { ReportQueryDto } from './dto/report-query.dto';
import { ReportsService } from './reports.service';
import { monthOf } from './usage-summary';

const SUMMARY_DOC = {
  type: 'object',
  properties: Object.fromEntries(['computers', 'users', 'launches', 'usageSeconds', 'peakConcurrentUsers'].map((count) => [count, { type: 'integer' }])),
};

@ApiTags('metering reports')
@ApiBearerAuth()
@Controller('api/v1/metering/rules/:id/report')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOkResponse({
    description: "The rule's UTC month: summary against the licences owned, each day so far, the computers and users that ran it",
    schema: {
      type: 'object',
      properties: {
        ruleId: { type: 'string' },
        productName: { type: 'string' },
        licencesOwned: { type: 'integer' },
        month: { type: 'string', example: '2026-03' },
        summary: SUMMARY_DOC,
        overLicences: { type: 'boolean' },
        days: { type: 'array', items: { ...SUMMARY_DOC, properties: { ...SUMMARY_DOC.properties, day: { type: 'string', example: '2026-03-02' } } } },
        computers: { type: 'array', items: { type: 'object' } },
        users: { type: 'array', items: { type: 'object' } },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  report(@Param('id', MeteringRuleIdPipe) id: string, @Query() query: ReportQueryDto): Promise<MeteringReport> {
    return this.reports.report(id, query.month ?? monthOf(Date.now()));
  }
}
