import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  assign(@Param('id') packageId: string, @Body() dto: AssignPackageDto) {
    return this.assignments.assign(packageId, dto);
  }

  @Delete('packages/:id/distribution-points/:name')
  @HttpCode(202)
  async unassign(@Param('id') packageId: string, @Param('name') name: string) {
    await this.assignments.unassign(packageId, name);
    return this.assignments.status(packageId);
  }

  @Get('packages/:id/distribution-status')
  status(@Param('id') packageId: string) {
    return this.assignments.status(packageId);
  }

  @Get('distribution-points/:name/packages')
  onDistributionPoint(@Param('name') name: string, @Query() query: PageQueryDto) {
    return this.assignments.onDistributionPoint(name, query.limit, query.cursor);
  }

  @Post('packages/:id/distribution-points/:name/refresh')
  @HttpCode(202)
  refresh(@Param('id') packageId: string, @Param('name') name: string) {
    return this.assignments.refresh(packageId, name);
  }

  @Post('packages/:id/distribution-points/:name/validate')
  @HttpCode(202)
  validate(@Param('id') packageId: string, @Param('name') name: string) {
    return this.assignments.validate(packageId, name);
  }

  @Post('distribution-points/:name/validate')
  @HttpCode(202)
  validateDistributionPoint(@Param('name') name: string) {
    return this.assignments.validateDistributionPoint(name);
  }
}
