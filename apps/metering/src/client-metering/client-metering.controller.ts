import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiPayloadTooLargeResponse, ApiResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ClientAuth } from '@sdp/auth';
import { ClientMeteringRules, UsageIngestResult } from '@sdp/contracts';
import { ruleViolation, SERVICE_CONFIG, uuidParam } from '@sdp/service';
import type { Response } from 'express';
import { MeteringConfig } from '../config';
import { usageBatchInvalid, usageBatchTooLarge, usageRecordInvalid } from './client-metering.errors';
import { ClientMeteringService } from './client-metering.service';
import { usageBatchSchema, UsageRecord, usageRecordTimeProblem } from './usage-record.schema';
import { UsageMetrics } from './usage.metrics';

const USAGE_RECORD_DOC = {
  type: 'object',
  required: ['id', 'ruleId', 'user', 'startedAt', 'endedAt'],
  properties: {
    id: { type: 'string', format: 'uuid', description: "The client's ID of the run: a resent record counts once" },
    ruleId: { type: 'string', example: 'S0100001' },
    user: { type: 'string', example: 'CONTOSO\\alice' },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time', nullable: true, description: 'null while the program runs' },
  },
};

/** What agents call, each with its own client token for itself. */
@ApiTags('client metering')
@ApiBearerAuth()
@Controller('api/v1/clients/:id')
export class ClientMeteringController {
  constructor(
    private readonly metering: ClientMeteringService,
    @Inject(SERVICE_CONFIG) private readonly config: MeteringConfig,
    private readonly metrics: UsageMetrics,
  ) {}

  @Get('metering-rules')
  @ClientAuth()
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ description: "The enabled rules for the client's platform and site" })
  @ApiResponse({ status: 304, description: 'The rules have not changed since the ETag given' })
  @ApiResponse({ status: 404, description: 'NOT_KNOWN_YET: the client is not known here yet (Retry-After)' })
  async rules(
    @Param('id', uuidParam()) clientId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientMeteringRules | undefined> {
    const { etag, body } = await this.metering.rulesFor(clientId);
    response.setHeader('Cache-Control', 'private, no-cache');
    response.setHeader('ETag', etag);
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      response.status(304);
      return undefined;
    }
    return body;
  }

  @Post('usage')
  @ClientAuth()
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', required: ['records'], properties: { records: { type: 'array', items: USAGE_RECORD_DOC } } } })
  @ApiOkResponse({ description: 'accepted, closed, unchanged and unknownRule counts of the batch' })
  @ApiBadRequestResponse({ description: 'USAGE_BATCH_INVALID: a record is malformed; details name the fields' })
  @ApiPayloadTooLargeResponse({ description: 'USAGE_BATCH_TOO_LARGE: more records than USAGE_BATCH_LIMIT' })
  @ApiUnprocessableEntityResponse({ description: 'USAGE_RECORD_INVALID: a record ends before it starts or lies in the future' })
  async report(@Param('id', uuidParam()) clientId: string, @Body() body: unknown): Promise<UsageIngestResult> {
    const result = await this.metering.ingest(clientId, this.parse(body));
    this.metrics.ingested(result);
    return result;
  }

  private parse(body: unknown): UsageRecord[] {
    const records = (body as { records?: unknown } | null)?.records;
    if (Array.isArray(records) && records.length > this.config.USAGE_BATCH_LIMIT) {
      throw usageBatchTooLarge(`at most ${this.config.USAGE_BATCH_LIMIT} records per request`);
    }
    const parsed = usageBatchSchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 20).map((issue) => ({ field: issue.path.join('.') || 'body', problems: [issue.message] }));
      throw usageBatchInvalid(`invalid usage batch: ${details.map((d) => `${d.field}: ${d.problems[0]}`).join('; ')}`, details);
    }
    const now = new Date();
    parsed.data.records.forEach((record, index) => {
      const problem = usageRecordTimeProblem(record, now);
      if (problem) {
        throw ruleViolation(`records.${index}.${problem.field}`, problem.why, usageRecordInvalid);
      }
    });
    return parsed.data.records;
  }
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) {
    return false;
  }
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === bare);
}
