import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PackageData } from '@sdp/contracts';
import { IN_USE_CONFLICT_SCHEMA, type Page } from '@sdp/service';
import { CreatePackageDto } from './dto/create-package.dto';
import { ListPackagesQuery } from './dto/list-packages.query';
import { UpdatePackageDto } from './dto/update-package.dto';
import { PackagesService } from './packages.service';

@ApiTags('packages')
@ApiBearerAuth()
@Controller('api/v1/packages')
export class PackagesController {
  constructor(private readonly packages: PackagesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a package; its ID is the site code plus the next five hex digits' })
  create(@Body() body: CreatePackageDto): Promise<PackageData> {
    return this.packages.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List packages in ID order, optionally those whose name or manufacturer contains q' })
  list(@Query() query: ListPackagesQuery): Promise<Page<PackageData>> {
    return this.packages.list(query);
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  get(@Param('id') id: string): Promise<PackageData> {
    return this.packages.get(id);
  }

  @Patch(':id')
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  update(@Param('id') id: string, @Body() body: UpdatePackageDto): Promise<PackageData> {
    return this.packages.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a package with its programs; distribution points then drop its content' })
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'PACKAGE_IN_USE: an advertisement uses the package, or a program of another package depends on one of its programs; the message names them',
    schema: IN_USE_CONFLICT_SCHEMA,
  })
  async delete(@Param('id') id: string): Promise<void> {
    await this.packages.delete(id);
  }
}
