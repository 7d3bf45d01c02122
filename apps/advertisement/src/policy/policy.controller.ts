import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientAuth } from '@sdp/auth';
import type { Response } from 'express';
import { ExplainQueryDto } from './dto/explain-query.dto';
import { ifNoneMatchHits } from './etag';
import { ContentGrant, PolicyBody } from '@sdp/contracts';
import { ContentGrantQueryDto } from './dto/content-grant-query.dto';
import { Explanation, PolicyService } from './policy.service';
import { uuidParam } from '@sdp/service';

@ApiTags('policy')
@ApiBearerAuth()
@Controller('api/v1/clients/:id')
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get('policy')
  @ClientAuth()
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiResponse({ status: 304, description: 'The policy has not changed since the ETag given' })
  async policy(
    @Param('id', uuidParam()) clientId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PolicyBody | undefined> {
    response.setHeader('Cache-Control', 'private, no-cache');
    // Most polls carry the current ETag: answer them without reading the policy body.
    const cachedEtag = ifNoneMatch === undefined ? undefined : await this.policies.cachedEtag(clientId);
    if (cachedEtag !== undefined && ifNoneMatchHits(ifNoneMatch, cachedEtag)) {
      response.setHeader('ETag', cachedEtag);
      response.status(304);
      return undefined;
    }
    const { etag, body } = await this.policies.policyFor(clientId);
    response.setHeader('ETag', etag);
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      response.status(304);
      return undefined;
    }
    return body;
  }

  @Get('content-grant')
  @ClientAuth()
  @ApiOperation({
    summary: "A short-lived grant to fetch one package version, for a client whose policy runs it; content-replication's content locations need it",
  })
  @ApiForbiddenResponse({ description: "FORBIDDEN: another client's ID; CONTENT_NOT_IN_POLICY: the version is in none of this client's advertisements" })
  contentGrant(@Param('id', uuidParam()) clientId: string, @Query() query: ContentGrantQueryDto): Promise<ContentGrant> {
    return this.policies.contentGrant(clientId, query.packageId, query.version);
  }

  @Get('explain')
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  explain(@Param('id', uuidParam()) clientId: string, @Query() query: ExplainQueryDto): Promise<Explanation> {
    return this.policies.explain(clientId, query.advertisementId);
  }
}
