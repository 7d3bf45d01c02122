import { Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { ClientAuth, Principal } from '@sdp/auth';
import { ContentLocationsService } from './content-locations.service';
import { ContentLocationsQueryDto } from './dto/content-locations-query.dto';
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
  @ApiForbiddenResponse({ description: 'Not a client token, or no valid content grant for this client, package and version (the reason says which)' })
  locate(@Query() query: ContentLocationsQueryDto, @Principal() principal: Principal | undefined) {
    if (principal?.kind !== 'client') throw new ForbiddenException('This endpoint needs a client token');
    if (query.grant === undefined) {
      throw new ForbiddenException(`no content grant for ${query.packageId} version ${query.version}: only a package version in this client's policy can be fetched, with the grant the advertisement service gives for it (GET /api/v1/clients/:id/content-grant)`);
    }
    const check = this.config.contentGrants.check(query.grant, { clientId: principal.clientId, packageId: query.packageId, version: query.version });
    if (!check.ok) throw new ForbiddenException(check.reason);
    return this.locations.locate(principal, query.packageId, query.version, query.allowFallbackToUnprotected === 'true');
  }
}
