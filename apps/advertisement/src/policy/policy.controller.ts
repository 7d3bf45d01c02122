import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientAuth } from '@sdp/auth';
import type { Response } from 'express';
import { ExplainQueryDto } from './dto/explain-query.dto';
import { ifNoneMatchHits } from './etag';
import { PolicyBody } from '@sdp/contracts';
import { Explanation, PolicyService } from './policy.service';

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
    @Param('id', new ParseUUIDPipe()) clientId: string,
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

  @Get('explain')
  explain(@Param('id', new ParseUUIDPipe()) clientId: string, @Query() query: ExplainQueryDto): Promise<Explanation> {
    return this.policies.explain(clientId, query.advertisementId);
  }
}
