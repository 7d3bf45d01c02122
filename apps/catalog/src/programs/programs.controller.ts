import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { ProgramData } from '@sdp/contracts';
import { IN_USE_CONFLICT_SCHEMA, type Page } from '@sdp/service';
import { CreateProgramDto, UpdateProgramDto } from './dto/program-fields.dto';
import { ProgramsService } from './programs.service';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('api/v1/packages/:id/programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a program to a package; unset fields take the defaults of the original product' })
  @ApiNotFoundResponse({ description: 'Unknown package' })
  @ApiConflictResponse({ description: 'The package already has a program of that name' })
  @ApiUnprocessableEntityResponse({ description: 'A rule is broken: run-time range, exit codes, platforms, missing dependency or a dependency loop' })
  create(@Param('id') packageId: string, @Body() body: CreateProgramDto): Promise<ProgramData> {
    return this.programs.create(packageId, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every program of the package, disabled ones included, by name' })
  list(@Param('id') packageId: string): Promise<Page<ProgramData>> {
    return this.programs.list(packageId);
  }

  @Get(':name')
  @ApiNotFoundResponse()
  get(@Param('id') packageId: string, @Param('name') name: string): Promise<ProgramData> {
    return this.programs.get(packageId, name);
  }

  @Patch(':name')
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse()
  update(@Param('id') packageId: string, @Param('name') name: string, @Body() body: UpdateProgramDto): Promise<ProgramData> {
    return this.programs.update(packageId, name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'An advertisement runs it, or another program depends on it: the message names them', schema: IN_USE_CONFLICT_SCHEMA })
  async delete(@Param('id') packageId: string, @Param('name') name: string): Promise<void> {
    await this.programs.delete(packageId, name);
  }
}
