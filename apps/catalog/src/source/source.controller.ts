import { Controller, Get, HttpCode, Param, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { discardBody } from './discard-body';
import { PublishedVersion, SourceService, SourceVersionView } from './source.service';
import { integerParam } from '@sdp/service';
import { archiveTypeUnsupported } from './source.errors';

/** How much of a refused upload is still read so the client sees the answer; beyond it the connection is closed. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
/** Body types an upload may declare; JSON and forms are parsed by the body parsers and can never be archives. */
const ARCHIVE_TYPES = new Set([
  'application/x-tar',
  'application/tar',
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'application/x-zip-compressed',
  'application/x-zip',
  'application/octet-stream',
]);

@ApiTags('source')
@ApiBearerAuth()
@Controller('api/v1/packages/:id')
export class SourceController {
  constructor(private readonly source: SourceService) {}

  @Put('source')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Publish the next source version from an archive of the whole folder: tar, tar.gz or zip',
    description:
      'The format is told by the first bytes (gzip 1f 8b: tar.gz; PK\\x03\\x04: zip; otherwise tar), or by the Content-Type when the bytes do not tell (application/zip for a zip with a prefix). ' +
      'Accepted Content-Types: application/x-tar, application/tar, application/gzip, application/x-gzip, application/zip, application/x-zip-compressed, application/x-zip, application/octet-stream; any other gets 415. ' +
      'A tar or tar.gz streams straight through; a zip is first written to a temporary file (its table of contents is at its end). ' +
      'Modes come from the tar headers, or from the external attributes of a zip made on unix; in a zip made elsewhere a file gets 0755 when a command line of one of the package programs names it, when it starts with #! or the ELF magic, or when it ends in .sh, .run or .AppImage, and 0644 otherwise. ' +
      'Files are hashed while they stream into the content-addressed store; objects already stored are not written again (newBytes counts the rest). ' +
      'Links, devices, absolute or .. names, control characters, bidi controls (U+202A-U+202E, U+2066-U+2069), two paths that are the same or differ only by letter case or Unicode normalization (NFC) (one file on Windows and macOS; the answer names both), encrypted zip entries and compression other than deflate are refused with 422; ' +
      'a truncated or unreadable archive, or a zip entry whose bytes do not match its declared size or CRC-32, with 400; a package over CATALOG_MAX_PACKAGE_BYTES with 413; ' +
      'an archive that expands more than CATALOG_MAX_EXPANSION_RATIO (default 200) times the bytes received so far, once more than 64 MiB have expanded (a tar.gz as it gunzips, a zip by the declared sizes of its entries), is a decompression bomb and is refused with 413 while it streams; ' +
      'a command-only package (hasSource false) with 409. A refused upload publishes nothing and the objects it stored are deleted again.',
  })
  @ApiConsumes('application/x-tar', 'application/gzip', 'application/zip', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  @ApiBadRequestResponse({ description: 'ARCHIVE_UNREADABLE: not a readable tar, tar.gz or zip archive, truncated, or a zip entry that does not match its size or CRC-32' })
  @ApiConflictResponse({ description: 'PACKAGE_COMMAND_ONLY: the package is command-only (hasSource false)' })
  @ApiPayloadTooLargeResponse({
    description: 'SOURCE_TOO_LARGE: larger than CATALOG_MAX_PACKAGE_BYTES, or expands more than CATALOG_MAX_EXPANSION_RATIO times its size (a decompression bomb)',
  })
  @ApiUnprocessableEntityResponse({
    description: 'SOURCE_ENTRY_REFUSED: an entry breaks a rule (name, type, bidi control, duplicate or colliding path); SOURCE_EMPTY: the archive holds no files',
  })
  async upload(
    @Param('id') packageId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishedVersion> {
    try {
      const type = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
      if (!ARCHIVE_TYPES.has(type)) {
        throw archiveTypeUnsupported(`send the archive as application/x-tar, application/gzip or application/zip, not ${type}`);
      }
      await this.source.assertAcceptsSource(packageId);
      return await this.source.publish(packageId, request.iterator({ destroyOnReturn: false }), type);
    } catch (error) {
      response.setHeader('Connection', 'close');
      await discardBody(request, DISCARD_LIMIT_BYTES);
      throw error;
    }
  }

  @Get('source-versions')
  @ApiOperation({ summary: 'Every published source version of the package, oldest first' })
  @ApiNotFoundResponse({ description: 'PACKAGE_NOT_FOUND' })
  listVersions(@Param('id') packageId: string): Promise<{ items: SourceVersionView[]; nextCursor: null }> {
    return this.source.listVersions(packageId);
  }

  @Get('source-versions/:version')
  @ApiOperation({ summary: 'The manifest of one version: its files {path, size, sha256, mode} sorted by path, totals and digest' })
  @ApiNotFoundResponse({ description: 'SOURCE_VERSION_NOT_FOUND: the package has no such version; SOURCE_MANIFEST_MISSING: its manifest is missing from the source store' })
  getManifest(@Param('id') packageId: string, @Param('version', integerParam()) version: number): Promise<unknown> {
    return this.source.getManifest(packageId, version);
  }
}
