import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Principal, RequiresRole } from '@sdp/auth';
import { IN_USE_CONFLICT_SCHEMA, PageQueryDto } from '@sdp/service';
import { DistributionPointsService } from './distribution-points.service';
import { DeleteDistributionPointQueryDto, RegisterDistributionPointDto, UpdateDistributionPointDto } from './dto/distribution-point.dto';

@ApiTags('distribution-points')
@ApiBearerAuth()
@Controller('api/v1/distribution-points')
export class DistributionPointsController {
  constructor(private readonly distributionPoints: DistributionPointsService) {}

  /** Registering sets credentials, which only an admin may do. */
  @Post()
  @RequiresRole('admin')
  @ApiConflictResponse({ description: 'DISTRIBUTION_POINT_ALREADY_EXISTS' })
  @ApiUnprocessableEntityResponse({ description: 'DISTRIBUTION_POINT_BUCKET_UNUSABLE: the bucket cannot be used at the endpoint (no answer, credentials refused)' })
  register(@Body() dto: RegisterDistributionPointDto) {
    return this.distributionPoints.register(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto) {
    return this.distributionPoints.list(query);
  }

  @Get(':name')
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_NOT_FOUND' })
  get(@Param('name') name: string) {
    return this.distributionPoints.get(name);
  }

  @Patch(':name')
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_NOT_FOUND' })
  @ApiForbiddenResponse({ description: 'DISTRIBUTION_POINT_CREDENTIALS_ADMIN_ONLY: only an admin may change accessKey or secretKey' })
  @ApiUnprocessableEntityResponse({ description: 'DISTRIBUTION_POINT_BUCKET_UNUSABLE: the bucket cannot be used at the new endpoint or with the new credentials' })
  update(@Param('name') name: string, @Body() dto: UpdateDistributionPointDto, @Principal() principal: Principal | undefined) {
    return this.distributionPoints.update(name, dto, principal);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a distribution point; with ?force=true even while it holds or is assigned packages (they are removed from it)' })
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'DISTRIBUTION_POINT_IN_USE: it holds or is assigned packages and force was not set; the message names them',
    schema: IN_USE_CONFLICT_SCHEMA,
  })
  async delete(@Param('name') name: string, @Query() query: DeleteDistributionPointQueryDto): Promise<void> {
    await this.distributionPoints.delete(name, query.force === 'true');
  }
}
