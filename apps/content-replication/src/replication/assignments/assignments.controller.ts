import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { PageQueryDto } from '@sdp/service';
import { AssignmentsService } from './assignments.service';
import { AssignPackageDto } from './dto/assign.dto';

@ApiTags('replication')
@ApiBearerAuth()
@Controller('api/v1')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post('packages/:id/distribution-points')
  @HttpCode(200)
  @ApiNotFoundResponse({ description: 'NOT_KNOWN_YET: the package is not known here (yet); PACKAGE_NOT_FOUND: it was deleted' })
  @ApiUnprocessableEntityResponse({
    description: 'DISTRIBUTION_POINT_UNKNOWN, DISTRIBUTION_POINT_GROUP_UNKNOWN: a name that does not exist; PACKAGE_HAS_NO_SOURCE: a command-only package; RULE_BROKEN: neither named',
  })
  assign(@Param('id') packageId: string, @Body() dto: AssignPackageDto) {
    return this.assignments.assign(packageId, dto);
  }

  @Delete('packages/:id/distribution-points/:name')
  @HttpCode(202)
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_ON_DISTRIBUTION_POINT' })
  @ApiConflictResponse({ description: 'PACKAGE_ASSIGNED_THROUGH_GROUP: the package still reaches the distribution point through a group' })
  async unassign(@Param('id') packageId: string, @Param('name') name: string) {
    await this.assignments.unassign(packageId, name);
    return this.assignments.status(packageId);
  }

  @Get('packages/:id/distribution-status')
  @ApiNotFoundResponse({ description: 'NOT_KNOWN_YET: the package is not known here (yet); PACKAGE_NOT_FOUND: it was deleted' })
  @ApiUnprocessableEntityResponse({ description: 'PACKAGE_HAS_NO_SOURCE: a command-only package, which is never on a distribution point' })
  status(@Param('id') packageId: string) {
    return this.assignments.status(packageId);
  }

  @Get('distribution-points/:name/packages')
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_NOT_FOUND' })
  onDistributionPoint(@Param('name') name: string, @Query() query: PageQueryDto) {
    return this.assignments.onDistributionPoint(name, query.limit, query.cursor);
  }

  @Post('packages/:id/distribution-points/:name/refresh')
  @HttpCode(202)
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_ON_DISTRIBUTION_POINT' })
  refresh(@Param('id') packageId: string, @Param('name') name: string) {
    return this.assignments.refresh(packageId, name);
  }

  @Post('packages/:id/distribution-points/:name/validate')
  @HttpCode(202)
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_INSTALLED_ON_DISTRIBUTION_POINT' })
  validate(@Param('id') packageId: string, @Param('name') name: string) {
    return this.assignments.validate(packageId, name);
  }

  @Post('distribution-points/:name/validate')
  @HttpCode(202)
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_NOT_FOUND' })
  validateDistributionPoint(@Param('name') name: string) {
    return this.assignments.validateDistributionPoint(name);
  }
}
