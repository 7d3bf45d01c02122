import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { bearerToken, ClientAuth, Public, RequiresRole, ThrottleAuthFailures } from '@sdp/auth';
import { ClientData } from '@sdp/contracts';
import { errorBody, ErrorBody, Page, uuidParam } from '@sdp/service';
import { ClientCollection, MembershipQueriesService } from '../collections/membership-queries.service';
import { parseClientListFilter } from './client-list-filter';
import { CLIENT_NAME_AMBIGUOUS } from './client.errors';
import { ClientCredentialsService } from './client-credentials.service';
import { ClientCandidate, ClientsService } from './clients.service';
import { AdoptClientKeyDto, ClientChallengeDto, ClientKeyProofDto, ClientTokenDto, ResolveConflictDto } from './dto/client-key.dto';
import { ListClientsQueryDto } from './dto/list-clients.query';
import { ResolveClientQueryDto } from './dto/resolve-client.query';
import { PendingRegistrationDto, RegisterClientDto, RegistrationResultDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { UpdateInventoryDto } from './dto/update-inventory.dto';

const clientId = uuidParam();

/** The 409 of a name several clients have: the error body with the computers to choose from. */
type AmbiguousClientName = ErrorBody & { candidates: ClientCandidate[] };

/** The codes of a refused proof of a client key (401, counted toward the caller's throttle). */
const KEY_PROOF_REFUSED = 'a refused key proof: CLIENT_PROOF_INVALID, CHALLENGE_EXPIRED, CHALLENGE_INVALID or CHALLENGE_ALREADY_USED';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('api/v1/clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly credentials: ClientCredentialsService,
    private readonly memberships: MembershipQueriesService,
  ) {}

  @Post('register')
  @Public()
  @ThrottleAuthFailures()
  @ApiOperation({
    summary:
      'Register (or re-register) a client with an enrollment secret and a proof of its key; returns its token, or 202 while the client waits for approval or for an administrator to resolve a hardware ID conflict',
  })
  @ApiCreatedResponse({ type: RegistrationResultDto })
  @ApiAcceptedResponse({ type: PendingRegistrationDto, description: 'Pending: no token until an administrator approves the client' })
  @ApiUnauthorizedResponse({ description: `ENROLLMENT_SECRET_INVALID, or ${KEY_PROOF_REFUSED}` })
  @ApiForbiddenResponse({ description: 'CLIENT_BLOCKED' })
  async register(@Body() body: RegisterClientDto, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<RegistrationResultDto | PendingRegistrationDto> {
    const result = await this.clients.register(body);
    if ('status' in result) {
      response.status(HttpStatus.ACCEPTED);
    }
    return result;
  }

  @Post('challenge')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A challenge for the client to sign with its key (register, renew, adopt a key); good once, for two minutes' })
  @ApiOkResponse({ type: ClientChallengeDto })
  challenge(): ClientChallengeDto {
    return this.credentials.issueChallenge();
  }

  @Post(':id/token')
  @Public()
  @ThrottleAuthFailures()
  @ApiOperation({ summary: 'Renew the client token: the body is a challenge signed with the client\'s key' })
  @ApiCreatedResponse({ type: ClientTokenDto })
  @ApiUnauthorizedResponse({ description: `CLIENT_KEY_MISSING (no client with this ID holds a key), or ${KEY_PROOF_REFUSED}` })
  @ApiForbiddenResponse({ description: 'CLIENT_BLOCKED or CLIENT_NOT_APPROVED' })
  renewToken(@Param('id', clientId) id: string, @Body() body: ClientKeyProofDto): Promise<ClientTokenDto> {
    return this.credentials.renew(id, body);
  }

  @Put(':id/key')
  @Public()
  @ThrottleAuthFailures()
  @ApiOperation({
    summary:
      'A client registered before client keys adopts one, with its old client token as bearer; its old tokens stop working everywhere. Refused once the client has a key',
  })
  @ApiOkResponse({ type: ClientTokenDto })
  @ApiUnauthorizedResponse({ description: `CLIENT_TOKEN_REQUIRED (no valid token of this client), CLIENT_NOT_REGISTERED, or ${KEY_PROOF_REFUSED}` })
  @ApiForbiddenResponse({ description: 'CLIENT_BLOCKED, CLIENT_NOT_APPROVED, CLIENT_TOKEN_OF_OTHER_CLIENT, or CLIENT_KEY_ALREADY_EXISTS (adopt once only)' })
  adoptKey(@Param('id', clientId) id: string, @Body() body: AdoptClientKeyDto, @Headers('authorization') authorization: string | undefined): Promise<ClientTokenDto> {
    return this.credentials.adoptKey(id, bearerToken(authorization), body.publicKey, body.proof);
  }

  @Post(':id/resolution')
  @HttpCode(200)
  // Merge hands a client's identity to another key: an admin's decision, like creating an enrollment secret.
  @RequiresRole('admin')
  @ApiOperation({
    summary: 'Resolve a pending registration that claimed another client\'s hardware ID without its key: merge into that client, keep both, or refuse',
  })
  @ApiNotFoundResponse({ description: 'CLIENT_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'CLIENT_NOT_CONFLICTING: the client is no conflicting registration; CLIENT_MERGE_TARGET_GONE: the client it conflicts with was deleted, keep or refuse it',
  })
  resolveConflict(@Param('id', clientId) id: string, @Body() body: ResolveConflictDto): Promise<ClientData> {
    return this.clients.resolveConflict(id, body.resolution);
  }

  @Put(':id/inventory')
  @ClientAuth()
  @ApiOperation({ summary: 'Replace the inventory the client reports (client token)' })
  updateInventory(@Param('id', clientId) id: string, @Body() body: UpdateInventoryDto): Promise<ClientData> {
    return this.clients.updateInventory(id, body);
  }

  @Post(':id/heartbeat')
  @ClientAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Record that the client is alive (client token); publishes nothing' })
  heartbeat(@Param('id', clientId) id: string): Promise<void> {
    return this.clients.heartbeat(id);
  }

  @Get()
  @ApiOperation({ summary: 'List clients: filtered by name, OS, collection, site, last seen, approval and a query expression, sorted by a column, paged' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_BROKEN: a filter or sort parameter has a value none allows (details name it); QUERY_INVALID: the query does not parse' })
  list(@Query() query: ListClientsQueryDto): Promise<Page<ClientData>> {
    const { query: expression, limit, cursor, ...filters } = query;
    return this.clients.list(expression, parseClientListFilter(filters), limit, cursor);
  }

  @Get('resolve')
  @ApiOperation({ summary: 'The client a name (exact, without regard to case) or an ID names' })
  @ApiNotFoundResponse({ description: 'CLIENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CLIENT_NAME_AMBIGUOUS: several clients have this name; `candidates` lists them (id, name, os, siteCode, lastSeenAt)' })
  async resolve(@Query() query: ResolveClientQueryDto, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<ClientData | AmbiguousClientName> {
    const resolution = await this.clients.resolve(query.ref);
    if ('client' in resolution) {
      return resolution.client;
    }
    response.status(HttpStatus.CONFLICT);
    const message = `${resolution.candidates.length} clients are named ${JSON.stringify(query.ref)}: give the ID of the one you mean`;
    return { ...errorBody(HttpStatus.CONFLICT, message, undefined, CLIENT_NAME_AMBIGUOUS), candidates: resolution.candidates };
  }

  @Get(':id/collections')
  @ApiOperation({ summary: 'The collections the client is a member of, each with the rules that put it there' })
  @ApiNotFoundResponse({ description: 'CLIENT_NOT_FOUND' })
  collections(@Param('id', clientId) id: string): Promise<{ items: ClientCollection[] }> {
    return this.memberships.collectionsOfClient(id);
  }

  @Get(':id')
  get(@Param('id', clientId) id: string): Promise<ClientData> {
    return this.clients.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Approve (a pending client gets its token when it registers again) or block a client' })
  update(@Param('id', clientId) id: string, @Body() body: UpdateClientDto): Promise<ClientData> {
    return this.clients.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', clientId) id: string): Promise<void> {
    return this.clients.delete(id);
  }
}
