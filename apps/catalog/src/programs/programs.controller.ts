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
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND: unknown package' })
  @ApiConflictResponse({ description: 'PROGRAM_ALREADY_EXISTS: the package already has a program of that name' })
  @ApiUnprocessableEntityResponse({
    description: 'A rule is broken: run-time range, exit codes, platforms (RULE_BROKEN), missing dependency (PROGRAM_UNKNOWN) or a dependency loop (PROGRAM_DEPENDENCY_LOOP)',
  })
  create(@Param('id') packageId: string, @Body() body: CreateProgramDto): Promise<ProgramData> {
    return this.programs.create(packageId, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every program of the package, disabled ones included, by name' })
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  list(@Param('id') packageId: string): Promise<Page<ProgramData>> {
    return this.programs.list(packageId);
  }

  @Get(':name')
  @ApiNotFoundResponse({ description: 'PROGRAM_NOT_FOUND' })
  get(@Param('id') packageId: string, @Param('name') name: string): Promise<ProgramData> {
    return this.programs.get(packageId, name);
  }

  @Patch(':name')
  @ApiNotFoundResponse({ description: 'PROGRAM_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'A rule is broken (RULE_BROKEN, PROGRAM_UNKNOWN, PROGRAM_DEPENDENCY_LOOP)' })
  update(@Param('id') packageId: string, @Param('name') name: string, @Body() body: UpdateProgramDto): Promise<ProgramData> {
    return this.programs.update(packageId, name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'PROGRAM_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PROGRAM_IN_USE: an advertisement runs it, or another program depends on it; the message names them', schema: IN_USE_CONFLICT_SCHEMA })
  async delete(@Param('id') packageId: string, @Param('name') name: string): Promise<void> {
    await this.programs.delete(packageId, name);
  }
}
