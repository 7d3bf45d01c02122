import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { METERING_REPORT_MAX_PAGE, METERING_REPORT_PAGE_SIZE, MeteringReport, MeteringReportComputer, MeteringReportPage, MeteringReportUser } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { MeteringRuleIdPipe } from '../rules/metering-rule-id.pipe';
import { pageWindow, ReportPageQueryDto, ReportQueryDto } from './dto/report-query.dto';
import { DrillDown, ReportsService } from './reports.service';
import { monthOf } from './usage-summary';

const SUMMARY_DOC = {
  type: 'object',
  properties: Object.fromEntries(['computers', 'users', 'launches', 'usageSeconds', 'peakConcurrentUsers'].map((count) => [count, { type: 'integer' }])),
};

const COMPUTER_DOC = {
  type: 'object',
  properties: {
    clientId: { type: 'string', format: 'uuid' },
    name: { type: 'string', nullable: true, description: 'The computer name as it is now; null: an unknown client' },
    launches: { type: 'integer' },
    usageSeconds: { type: 'integer' },
    users: { type: 'array', items: { type: 'string' } },
  },
};

const USER_DOC = {
  type: 'object',
  properties: { user: { type: 'string' }, launches: { type: 'integer' }, usageSeconds: { type: 'integer' }, computers: { type: 'integer' } },
};

const ORDER = 'most usage first (then by client ID, by user name)';

const pageDoc = (items: object) => ({
  type: 'object',
  properties: {
    ruleId: { type: 'string' },
    month: { type: 'string', example: '2026-03' },
    offset: { type: 'integer' },
    limit: { type: 'integer' },
    total: { type: 'integer', description: 'Rows in all pages' },
    items: { type: 'array', items },
  },
});

/** Viewers read reports (the methods' default roles); client tokens do not. */
@ApiTags('metering reports')
@ApiBearerAuth()
@Controller('api/v1/metering/rules/:id/report')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOkResponse({
    description: `The rule's UTC month: summary against the licences owned, each day so far, and the first ${METERING_REPORT_PAGE_SIZE} computers and users that ran it, ${ORDER}, with their totals (the rest: report/computers, report/users)`,
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
        computers: { type: 'array', items: COMPUTER_DOC },
        computersTotal: { type: 'integer', description: 'Computers that ran it in the month (all pages)' },
        users: { type: 'array', items: USER_DOC },
        usersTotal: { type: 'integer', description: 'Users who ran it in the month (all pages)' },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  report(@Param('id', MeteringRuleIdPipe) id: string, @Query() query: ReportQueryDto): Promise<MeteringReport> {
    return this.reports.report(id, query.month ?? monthOf(Date.now()));
  }

  @Get('computers')
  @ApiOkResponse({ description: `A page of the computers that ran the rule in the UTC month, ${ORDER}`, schema: pageDoc(COMPUTER_DOC) })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: `offset is not a whole number from 0, or limit not one from 1 to ${METERING_REPORT_MAX_PAGE}; details name it` })
  computers(@Param('id', MeteringRuleIdPipe) id: string, @Query() query: ReportPageQueryDto): Promise<MeteringReportPage<MeteringReportComputer>> {
    return this.page(id, query, 'computers');
  }

  @Get('users')
  @ApiOkResponse({ description: `A page of the users who ran the rule in the UTC month, ${ORDER}`, schema: pageDoc(USER_DOC) })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: `offset is not a whole number from 0, or limit not one from 1 to ${METERING_REPORT_MAX_PAGE}; details name it` })
  users(@Param('id', MeteringRuleIdPipe) id: string, @Query() query: ReportPageQueryDto): Promise<MeteringReportPage<MeteringReportUser>> {
    return this.page(id, query, 'users');
  }

  private page<List extends DrillDown>(id: string, query: ReportPageQueryDto, list: List) {
    const window = pageWindow(query.offset, query.limit);
    if ('why' in window) {
      throw ruleViolation(window.field, window.why);
    }
    return this.reports.page(id, query.month ?? monthOf(Date.now()), list, window.offset, window.limit);
  }
}
