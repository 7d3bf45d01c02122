import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { discardBody } from '../source/discard-body';
import { ImportedDefinition, PackageDefinitionsService } from './package-definitions.service';
import { readTextBody } from './read-text-body';
import { packageDefinitionTypeUnsupported } from './package-definition.errors';

const DEFINITION_LIMIT_BYTES = 1024 * 1024;
/** How much of a refused body is still read so the client sees the answer. */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
const DEFINITION_TYPES = new Set(['text/plain', 'application/octet-stream']);

@ApiTags('packages')
@ApiBearerAuth()
@Controller('api/v1/package-definitions')
export class PackageDefinitionsController {
  constructor(private readonly definitions: PackageDefinitionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a package and its programs from a package definition file (the original INI format)',
    description:
      'Sections [PDF], [Package Definition] (Name, Version, Publisher, Language, Comment, Programs=a,b) and one section per listed program (Name, CommandLine, CanRunWhen, UserInputRequired, AdminRightsRequired, EstimatedDiskSpace, EstimatedRunTime, SupportedClients, AfterRunning, Dependency, StartIn, Run, Assignment, Disabled). Keys and sections that are not imported are listed in warnings; a malformed file or a broken program rule is refused with 422 naming the line and key, and creates nothing.',
  })
  @ApiConsumes('text/plain', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', example: '[PDF]\nVersion=2.0\n[Package Definition]\nName=Tool\nPrograms=Install\n[Install]\nCommandLine=setup.exe /q\n' } })
  @ApiCreatedResponse({ description: '{package, programs, warnings}' })
  @ApiPayloadTooLargeResponse({ description: 'PACKAGE_DEFINITION_TOO_LARGE: larger than 1 MiB' })
  @ApiUnprocessableEntityResponse({ description: 'PACKAGE_DEFINITION_INVALID: malformed file or a broken rule; the message names the line and key' })
  async import(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ImportedDefinition> {
    let text: string;
    try {
      const type = (request.headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
      if (!DEFINITION_TYPES.has(type)) {
        throw packageDefinitionTypeUnsupported(`send the definition file as text/plain or application/octet-stream, not ${type}`);
      }
      text = await readTextBody(request.iterator({ destroyOnReturn: false }), DEFINITION_LIMIT_BYTES);
    } catch (error) {
      response.setHeader('Connection', 'close');
      await discardBody(request, DISCARD_LIMIT_BYTES);
      throw error;
    }
    return this.definitions.import(text);
  }
}
