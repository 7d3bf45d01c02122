import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientData } from '@sdp/contracts';
import { IN_USE_CONFLICT_SCHEMA, Page, PageQueryDto } from '@sdp/service';
import { SnapshotPublication } from '../membership/membership.service';
import { CollectionView } from './collection-data';
import { CollectionsService, EvaluationResult } from './collections.service';
import { CreateCollectionDto, UpdateCollectionDto } from './dto/collection-body.dto';
import { ExplainQueryDto, PreviewDto } from './dto/preview.dto';
import { ExplainResult, MembershipQueriesService, PreviewResult } from './membership-queries.service';

@ApiTags('collections')
@ApiBearerAuth()
@Controller('api/v1/collections')
export class CollectionsController {
  constructor(
    private readonly collections: CollectionsService,
    private readonly queries: MembershipQueriesService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a collection; it is evaluated at once' })
  create(@Body() body: CreateCollectionDto): Promise<CollectionView> {
    return this.collections.create(body);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<Page<CollectionView>> {
    return this.collections.list(query.limit, query.cursor);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'How many clients (and which, as a sample) an expression selects' })
  preview(@Body() body: PreviewDto): Promise<PreviewResult> {
    return this.queries.preview(body.expression, body.limitingCollectionId);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<CollectionView> {
    return this.collections.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a collection; a rule or limiting change re-evaluates it and its dependents' })
  update(@Param('id') id: string, @Body() body: UpdateCollectionDto): Promise<CollectionView> {
    return this.collections.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a collection no advertisement targets and no other collection names' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'An advertisement targets it, or another collection names it as limiting collection, parent or in a rule: the message names them',
    schema: IN_USE_CONFLICT_SCHEMA,
  })
  delete(@Param('id') id: string): Promise<void> {
    return this.collections.delete(id);
  }

  @Get(':id/members')
  members(@Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<ClientData>> {
    return this.queries.members(id, query.limit, query.cursor);
  }

  @Post(':id/evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Full evaluation now of the collection and of the collections that depend on it' })
  evaluate(@Param('id') id: string): Promise<EvaluationResult> {
    return this.collections.evaluate(id);
  }

  @Post(':id/snapshot')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish the complete membership at the current version, for a consumer that missed a delta' })
  snapshot(@Param('id') id: string): Promise<SnapshotPublication> {
    return this.collections.snapshot(id);
  }

  @Get(':id/explain')
  @ApiOperation({ summary: 'Why a client is or is not a member, rule by rule' })
  explain(@Param('id') id: string, @Query() query: ExplainQueryDto): Promise<ExplainResult> {
    return this.queries.explain(id, query.clientId);
  }
}
