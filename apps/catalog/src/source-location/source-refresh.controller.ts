import { Controller, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PublishedVersion } from '../source/source.service';
import { SourceRefreshService } from './source-refresh.service';

@ApiTags('source')
@ApiBearerAuth()
@Controller('api/v1/packages/:id/source/refresh')
export class SourceRefreshController {
  constructor(private readonly refreshes: SourceRefreshService) {}

  @Post()
  @ApiOperation({
    summary: "Re-import the source from the package's sourceLocation",
    description:
      'Publishes a new version (201, like an upload) only when the files differ from the current version; otherwise 200 {changed: false, version}. The same path and size rules as an upload apply (422/413); an unreadable S3 location answers 502.',
  })
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SOURCE_LOCATION_NOT_SET: no sourceLocation; PACKAGE_COMMAND_ONLY: a command-only package' })
  @ApiUnprocessableEntityResponse({
    description:
      'SOURCE_ENTRY_REFUSED: a file breaks a path rule; SOURCE_DIRECTORY_UNUSABLE: the directory is missing or leads outside the source root; SOURCE_EMPTY: there are no files',
  })
  @ApiPayloadTooLargeResponse({ description: 'SOURCE_TOO_LARGE: more files or bytes than an upload may have' })
  @ApiBadGatewayResponse({ description: 'SOURCE_LOCATION_UNREADABLE: the S3 location could not be listed or read' })
  async refresh(@Param('id') packageId: string, @Res() response: Response): Promise<void> {
    const outcome = await this.refreshes.refresh(packageId);
    const body: PublishedVersion | { changed: false; version: number } = outcome.changed ? outcome.published : outcome;
    response.status(outcome.changed ? 201 : 200).json(body);
  }
}
