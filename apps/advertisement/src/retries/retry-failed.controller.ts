import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { uuidParam } from '@sdp/service';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { AdvertisementRetryRequestedData, ClientRerunAccepted } from '@sdp/contracts';
import { AdvertisementIdPipe } from '../advertisements/advertisement-id.pipe';
import { RetryFailedQueryDto } from './retry-failed-query.dto';
import { RetryFailedService, RetryScope } from './retry-failed.service';
import { retryScopeAmbiguous } from './retry-failed.errors';

@ApiTags('advertisements')
@ApiBearerAuth()
@Controller('api/v1/advertisements')
export class RetryFailedController {
  constructor(private readonly retries: RetryFailedService) {}

  /** Operator role (a POST): clients run the advertisement again. */
  @Post(':id/retry-failed')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'The failed clients (all, those of one rollout phase, or the one named) will run the advertisement again; the same data as the retry-requested event',
    schema: {
      type: 'object',
      required: ['advertisementId', 'scope', 'clientId', 'phase', 'clientCount', 'requestedAt'],
      properties: {
        advertisementId: { type: 'string', example: 'S0100002' },
        scope: { type: 'string', enum: ['advertisement', 'phase', 'client'] },
        clientId: { type: 'string', format: 'uuid', nullable: true },
        phase: { type: 'integer', minimum: 1, nullable: true },
        clientCount: { type: 'integer', minimum: 0 },
        requestedAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CLIENT_NOT_FAILED: the client named has no failed run of the advertisement' })
  @ApiUnprocessableEntityResponse({ description: 'PHASE_UNKNOWN: the phase is not one of the rollout; RULE_BROKEN: both clientId and phase given' })
  retryFailed(@Param('id', AdvertisementIdPipe) advertisementId: string, @Query() query: RetryFailedQueryDto): Promise<AdvertisementRetryRequestedData> {
    return this.retries.retryFailed(advertisementId, scopeOf(query));
  }

  /** Operator role (a POST): one client runs the advertisement again, whatever its last outcome and rerun rule. */
  @Post(':id/clients/:clientId/rerun')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: "The client's policy now asks it to run the advertisement again (retry-requested event with rerun: true)",
    schema: { type: 'object', required: ['advertisementId', 'clientId'], properties: { advertisementId: { type: 'string' }, clientId: { type: 'string', format: 'uuid' } } },
  })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CLIENT_NOT_TARGETED: the advertisement does not apply to the client (the message says why, as Explain does)' })
  rerun(@Param('id', AdvertisementIdPipe) advertisementId: string, @Param('clientId', uuidParam()) clientId: string): Promise<ClientRerunAccepted> {
    return this.retries.rerun(advertisementId, clientId);
  }
}

/** One client, one phase of the rollout, or (neither given) every failed client; not both. */
function scopeOf(query: RetryFailedQueryDto): RetryScope {
  if (query.clientId !== undefined && query.phase !== undefined) {
    throw retryScopeAmbiguous('give clientId or phase, not both', [{ field: 'phase', problems: ['cannot be given with clientId'] }]);
  }
  if (query.clientId !== undefined) return { kind: 'client', clientId: query.clientId };
  if (query.phase !== undefined) return { kind: 'phase', phase: query.phase };
  return { kind: 'advertisement' };
}
