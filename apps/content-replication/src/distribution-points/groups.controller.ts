import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { PageQueryDto } from '@sdp/service';
import { CreateGroupDto, UpdateGroupDto } from './dto/group.dto';
import { GroupsService } from './groups.service';

@ApiTags('distribution-point-groups')
@ApiBearerAuth()
@Controller('api/v1/distribution-point-groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @ApiConflictResponse({ description: 'DISTRIBUTION_POINT_GROUP_ALREADY_EXISTS' })
  @ApiUnprocessableEntityResponse({ description: 'DISTRIBUTION_POINT_UNKNOWN: a member names no distribution point' })
  create(@Body() dto: CreateGroupDto) {
    return this.groups.create(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto) {
    return this.groups.list(query);
  }

  @Get(':name')
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_GROUP_NOT_FOUND' })
  get(@Param('name') name: string) {
    return this.groups.get(name);
  }

  @Patch(':name')
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_GROUP_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'DISTRIBUTION_POINT_UNKNOWN: a member names no distribution point' })
  update(@Param('name') name: string, @Body() dto: UpdateGroupDto) {
    return this.groups.update(name, dto);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'DISTRIBUTION_POINT_GROUP_NOT_FOUND' })
  async delete(@Param('name') name: string): Promise<void> {
    await this.groups.delete(name);
  }
}
