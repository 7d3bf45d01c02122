import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AdvertisementRetryRequestedData } from '@sdp/contracts';
import { AdvertisementIdPipe } from '../advertisements/advertisement-id.pipe';
import { RetryFailedQueryDto } from './retry-failed-query.dto';
import { RetryFailedService } from './retry-failed.service';

@ApiTags('advertisements')
@ApiBearerAuth()
@Controller('api/v1/advertisements')
export class RetryFailedController {
  constructor(private readonly retries: RetryFailedService) {}

  /** Operator role (a POST): clients run the advertisement again. */
  @Post(':id/retry-failed')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'The failed clients (all, or the one named) will run the advertisement again; the same data as the retry-requested event',
    schema: {
      type: 'object',
      required: ['advertisementId', 'scope', 'clientId', 'clientCount', 'requestedAt'],
      properties: {
        advertisementId: { type: 'string', example: 'S0100002' },
        scope: { type: 'string', enum: ['advertisement', 'client'] },
        clientId: { type: 'string', format: 'uuid', nullable: true },
        clientCount: { type: 'integer', minimum: 0 },
        requestedAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CLIENT_NOT_FAILED: the client named has no failed run of the advertisement' })
  retryFailed(@Param('id', AdvertisementIdPipe) advertisementId: string, @Query() query: RetryFailedQueryDto): Promise<AdvertisementRetryRequestedData> {
    return this.retries.retryFailed(advertisementId, query.clientId === undefined ? { kind: 'advertisement' } : { kind: 'client', clientId: query.clientId });
  }
}
