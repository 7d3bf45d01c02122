import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { bearerToken, ClientAuth } from '@sdp/auth';
import { uuidParam } from '@sdp/service';
import type { Response } from 'express';
import { NotificationStreams } from './notification-streams';

@ApiTags('push')
@ApiBearerAuth()
@Controller('api/v1/clients/:id')
export class NotificationsController {
  constructor(private readonly streams: NotificationStreams) {}

  @Get('notifications')
  @ClientAuth()
  @ApiOperation({
    summary: "The client's notification stream (server-sent events): told to fetch its policy as soon as it changes",
    description:
      'Held open by the agent; polling stays the fallback. A `retry:` hint, then `event: ready` with `{"heartbeatSeconds": N}`; ' +
      '`event: policy-changed` with `{"etag": "...", "policy": {...}}` when the client\'s policy changed: its current policy, as ' +
      '`GET .../policy` answers it with that ETag (no fetch needed); `{"etag": "..."}` alone when none is current or it is over 256 KiB ' +
      '(fetch it); `{}` when the replica may have missed changes (fetch to be sure); a `: keep-alive` comment every heartbeat. One stream per client per replica: a new one ends the older. ' +
      'A stream ends once its token would be refused (expired, client blocked or deleted): reconnect with a fresh one.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An open event stream (Cache-Control: no-store, X-Accel-Buffering: no)' })
  @ApiForbiddenResponse({ description: "CLIENT_TOKEN_OF_OTHER_CLIENT: another client's ID; CLIENT_BLOCKED: the client is blocked or deleted; CLIENT_ENDPOINT: an admin token" })
  @ApiServiceUnavailableResponse({ description: 'This replica is shutting down: connect again (to another one)' })
  notifications(@Param('id', uuidParam()) clientId: string, @Headers('authorization') authorization: string, @Res() response: Response): void {
    // The guard let only a genuine token of this client through.
    this.streams.open(clientId, bearerToken(authorization)!, response);
  }
}
