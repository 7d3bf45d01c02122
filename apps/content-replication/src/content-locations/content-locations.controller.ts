import { Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { AUTH_REFUSAL_CODES, ClientAuth, Principal, withCode } from '@sdp/auth';
import { ContentLocationsService } from './content-locations.service';
import { ContentLocationsQueryDto } from './dto/content-locations-query.dto';
import { requireContentGrant } from './require-content-grant';
import { ReplicationConfig } from '../config';
import { SERVICE_CONFIG } from '@sdp/service';

@ApiTags('content-locations')
@ApiBearerAuth()
@Controller('api/v1/content-locations')
export class ContentLocationsController {
  constructor(
    private readonly locations: ContentLocationsService,
    @Inject(SERVICE_CONFIG) private readonly config: ReplicationConfig,
  ) {}

  /**
   * A client entitled to this package version asks, with the content grant the advertisement service
   * signed for it on request (GET /api/v1/clients/:id/content-grant); the answer depends on that
   * client's site and addresses.
   */
  @Get()
  @ClientAuth()
  @ApiForbiddenResponse({
    description: 'FORBIDDEN: not a client token, or a blocked or deleted client; CONTENT_GRANT_MISSING, CONTENT_GRANT_INVALID: no valid content grant for this client, package and version (the reason says why)',
  })
  @ApiNotFoundResponse({ description: 'PACKAGE_VERSION_NOT_AVAILABLE: distribution points hold the version, but its manifest cannot be read' })
  locate(@Query() query: ContentLocationsQueryDto, @Principal() principal: Principal | undefined) {
    // @ClientAuth() refuses other tokens before this, with the same answer; here it narrows the type.
    if (principal?.kind !== 'client') throw withCode(new ForbiddenException('This endpoint needs a client token'), AUTH_REFUSAL_CODES.clientEndpoint);
    requireContentGrant(this.config.contentGrants, query.grant, { clientId: principal.clientId, packageId: query.packageId, version: query.version });
    return this.locations.locate(principal, query.packageId, query.version, query.allowFallbackToUnprotected === 'true');
  }
}
