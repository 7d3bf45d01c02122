import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RequiresRole } from '@sdp/auth';
import { ClientData } from '@sdp/contracts';
import { IN_USE_CONFLICT_SCHEMA, Page, PageQueryDto } from '@sdp/service';
import { SnapshotPublication } from '../membership/membership.service';
import { CollectionView } from './collection-data';
import { CollectionsService, EvaluationResult } from './collections.service';
import { CreateCollectionDto, DirectMembersDto, UpdateCollectionDto } from './dto/collection-body.dto';
import { ExplainQueryDto, PreviewDto } from './dto/preview.dto';
import { ExplainResult, MembershipQueriesService, PreviewResult } from './membership-queries.service';

/** The codes of a collection body that breaks a rule (422). */
const COLLECTION_REFUSED =
  'COLLECTION_UNKNOWN or CLIENT_UNKNOWN: a field or rule names none; COLLECTION_DEPENDENCY_LOOP or COLLECTION_PARENT_LOOP: it would close a cycle; QUERY_INVALID: a query rule does not parse';

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
  @ApiBadRequestResponse({ description: 'COLLECTION_RULE_MALFORMED: a rule of the wrong shape; VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'COLLECTION_ALREADY_EXISTS: a collection has this name' })
  @ApiUnprocessableEntityResponse({ description: COLLECTION_REFUSED })
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
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND: no limiting collection with this ID' })
  @ApiUnprocessableEntityResponse({ description: 'QUERY_INVALID: the expression does not parse; details say where' })
  preview(@Body() body: PreviewDto): Promise<PreviewResult> {
    return this.queries.preview(body.expression, body.limitingCollectionId);
  }

  /** A resync of every consumer of membership, which only an admin may start. */
  @Post('snapshot')
  @HttpCode(202)
  @RequiresRole('admin')
  @ApiOperation({
    summary:
      'Resync: publish a membership snapshot of every collection at its current version; consumers replace their copy, members and version, with it',
  })
  @ApiAcceptedResponse({ description: 'The snapshots are queued for publication: one entry per collection' })
  @ApiForbiddenResponse({ description: 'Only an admin may resync' })
  async snapshotAll(): Promise<{ items: SnapshotPublication[] }> {
    return { items: await this.collections.snapshotAll() };
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<CollectionView> {
    return this.collections.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a collection; a rule or limiting change re-evaluates it and its dependents' })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND' })
  @ApiBadRequestResponse({ description: 'COLLECTION_RULE_MALFORMED: a rule of the wrong shape; VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'COLLECTION_ALREADY_EXISTS: another collection has this name' })
  @ApiUnprocessableEntityResponse({ description: `COLLECTION_READ_ONLY: a built-in collection; ${COLLECTION_REFUSED}` })
  update(@Param('id') id: string, @Body() body: UpdateCollectionDto): Promise<CollectionView> {
    return this.collections.update(id, body);
  }

  @Patch(':id/direct-members')
  @ApiOperation({ summary: "Add and remove direct members in one change, with the collection locked (the other rules stay); re-evaluates it" })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: not a list of client IDs' })
  @ApiUnprocessableEntityResponse({
    description: `COLLECTION_NO_DIRECT_RULE: a client to remove has no direct rule; RULE_BROKEN: nothing to add or remove; COLLECTION_READ_ONLY: a built-in collection; ${COLLECTION_REFUSED}`,
  })
  changeDirectMembers(@Param('id') id: string, @Body() body: DirectMembersDto): Promise<CollectionView> {
    return this.collections.changeDirectMembers(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a collection no advertisement targets and no other collection names' })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'COLLECTION_IN_USE: an advertisement targets it, or another collection names it as limiting collection, parent or in a rule: the message names them',
    schema: IN_USE_CONFLICT_SCHEMA,
  })
  @ApiUnprocessableEntityResponse({ description: 'COLLECTION_READ_ONLY: a built-in collection' })
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
  @RequiresRole('admin')
  @ApiOperation({
    summary:
      'Resync: publish the complete membership at the current version (empty at version 0 if it never had a member); consumers replace their copy, members and version, with it',
  })
  @ApiAcceptedResponse({ description: 'The snapshot is queued for publication' })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND: no such collection' })
  @ApiForbiddenResponse({ description: 'Only an admin may resync' })
  snapshot(@Param('id') id: string): Promise<SnapshotPublication> {
    return this.collections.snapshot(id);
  }

  @Get(':id/explain')
  @ApiOperation({ summary: 'Why a client is or is not a member, rule by rule' })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND or CLIENT_NOT_FOUND' })
  explain(@Param('id') id: string, @Query() query: ExplainQueryDto): Promise<ExplainResult> {
    return this.queries.explain(id, query.clientId);
  }
}
