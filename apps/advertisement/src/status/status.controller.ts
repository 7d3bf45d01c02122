import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ClientAuth } from '@sdp/auth';
import { AdvertisementStatusPage, StatusHistoryEntry } from '@sdp/contracts';
import { Page, PageQueryDto, SERVICE_CONFIG, uuidParam } from '@sdp/service';
import { AdvertisementConfig } from '../config';
import { AdvertisementIdPipe } from '../advertisements/advertisement-id.pipe';
import { INTEGRITY_OPENAPI_PROPERTIES } from '../advertisements/advertisement-integrity';
import { outputProblems, statusBodySchema, StatusReport } from './status-report.schema';
import { statusBatchTooLarge, statusOutputInvalid, statusReportInvalid } from './status.errors';
import { StatusMetrics } from './status.metrics';
import { IngestResult, StatusService } from './status.service';

const REPORT_SCHEMA_DOC = {
  type: 'object',
  required: ['advertisementId', 'state', 'at', 'seq'],
  properties: {
    advertisementId: { type: 'string', example: 'S0100002' },
    state: { type: 'string', example: 'SUCCEEDED' },
    messageId: { type: 'integer', nullable: true, example: 10009 },
    exitCode: { type: 'integer', nullable: true },
    detail: { type: 'string', nullable: true },
    at: { type: 'string', format: 'date-time' },
    seq: { type: 'integer', minimum: 0, description: 'Per-client sequence number' },
    output: {
      type: 'object',
      nullable: true,
      description: 'Tails of the program output (final, failed or retrying report of a run), control characters escaped; each stream at most 16384 characters',
      properties: { stdout: { type: 'string', maxLength: 16384 }, stderr: { type: 'string', maxLength: 16384 }, truncated: { type: 'boolean' } },
    },
    packageVersion: { type: 'integer', minimum: 1, nullable: true, description: 'The package source version the run used' },
  },
};

@ApiTags('status')
@ApiBearerAuth()
@Controller('api/v1')
export class StatusController {
  constructor(
    private readonly status: StatusService,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly metrics: StatusMetrics,
  ) {}

  @Post('clients/:id/status')
  @ClientAuth()
  @HttpCode(200)
  @ApiBody({ schema: { oneOf: [REPORT_SCHEMA_DOC, { type: 'array', items: REPORT_SCHEMA_DOC }] } })
  @ApiBadRequestResponse({ description: 'STATUS_REPORT_INVALID: a report is malformed; details name the fields' })
  @ApiPayloadTooLargeResponse({ description: 'STATUS_BATCH_TOO_LARGE: more reports than STATUS_BATCH_LIMIT in one request' })
  @ApiUnprocessableEntityResponse({ description: 'STATUS_OUTPUT_INVALID: a program output is too long or holds unescaped control characters; details name the fields; nothing of the request is stored' })
  async report(@Param('id', uuidParam()) clientId: string, @Body() body: unknown): Promise<IngestResult> {
    const reports = this.parse(body);
    const result = await this.status.ingest(clientId, reports);
    this.metrics.ingested(reports.length, result);
    return result;
  }

  @Get('advertisements/:id/status')
  @ApiOkResponse({
    description: 'Whether the advertisement is broken, the counts over its targeted clients, and a page of client rows',
    schema: {
      type: 'object',
      required: ['broken', 'brokenReason', 'summary', 'items', 'nextCursor'],
      properties: {
        ...INTEGRITY_OPENAPI_PROPERTIES,
        summary: {
          type: 'object',
          description:
            'timedOut: started (downloading or running) but silent for longer than the program\'s maxRunTimeMinutes plus STATUS_TIMEOUT_GRACE_MINUTES (between attempts, RETRYING: plus the longest back-off with jitter), counted instead of waiting or running; each row says timedOut too',
          properties: Object.fromEntries(['targeted', 'accepted', 'waiting', 'running', 'succeeded', 'failed', 'timedOut', 'notReported'].map((count) => [count, { type: 'integer' }])),
        },
        items: { type: 'array', items: { type: 'object' } },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  summary(@Param('id', AdvertisementIdPipe) advertisementId: string, @Query() query: PageQueryDto): Promise<AdvertisementStatusPage> {
    return this.status.summary(advertisementId, query.limit, query.cursor);
  }

  @Get('advertisements/:id/status/clients/:clientId/history')
  @ApiOkResponse({ description: "The client's reports of the advertisement in seq order, with message text, package version and (newest reports) program output" })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  history(
    @Param('id', AdvertisementIdPipe) advertisementId: string,
    @Param('clientId', uuidParam()) clientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<StatusHistoryEntry>> {
    return this.status.history(advertisementId, clientId, query.limit, query.cursor);
  }

  @Get('advertisements/:id/clients/:clientId/history')
  @ApiOkResponse({
    description: `The client's reports of the advertisement, newest first, paged: message text, package version, and the program output on the newest STATUS_OUTPUT_KEPT_PER_CLIENT reports that had one`,
  })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  recentHistory(
    @Param('id', AdvertisementIdPipe) advertisementId: string,
    @Param('clientId', uuidParam()) clientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<StatusHistoryEntry>> {
    return this.status.history(advertisementId, clientId, query.limit, query.cursor, 'newest-first');
  }

  private parse(body: unknown): StatusReport[] {
    if (Array.isArray(body) && body.length > this.config.STATUS_BATCH_LIMIT) {
      throw statusBatchTooLarge(`at most ${this.config.STATUS_BATCH_LIMIT} reports per request`);
    }
    const parsed = statusBodySchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 20).map((issue) => ({ field: issue.path.join('.') || 'body', problems: [issue.message] }));
      throw statusReportInvalid(`invalid status report: ${details.map((d) => `${d.field}: ${d.problems[0]}`).join('; ')}`, details);
    }
    const reports = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    const problems = outputProblems(reports, Array.isArray(parsed.data)).slice(0, 20);
    if (problems.length > 0) {
      throw statusOutputInvalid(`program output refused: ${problems.map((p) => `${p.field}: ${p.problems[0]}`).join('; ')}`, problems);
    }
    return reports;
  }
}
