import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientAuth, Principal } from '@sdp/auth';
import { ContentLocationsService } from './content-locations.service';
import { ContentLocationsQueryDto } from './dto/content-locations-query.dto';

@ApiTags('content-locations')
@ApiBearerAuth()
@Controller('api/v1/content-locations')
export class ContentLocationsController {
  constructor(private readonly locations: ContentLocationsService) {}

  /** Any valid client may ask; the answer depends on that client's site and addresses. */
  @Get()
  @ClientAuth()
  locate(@Query() query: ContentLocationsQueryDto, @Principal() principal: Principal | undefined) {
    if (principal?.kind !== 'client') throw new ForbiddenException('This endpoint needs a client token');
    return this.locations.locate(principal, query.packageId, query.version, query.allowFallbackToUnprotected === 'true');
  }
}
