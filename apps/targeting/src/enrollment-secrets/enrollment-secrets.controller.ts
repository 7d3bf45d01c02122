import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal, Principal, RequiresRole } from '@sdp/auth';
import type { CreatedEnrollmentSecret, EnrollmentSecretData } from '@sdp/contracts';
import { Page, PageQueryDto } from '@sdp/service';
import { CreatedEnrollmentSecretDto, CreateEnrollmentSecretDto, EnrollmentSecretDto } from './dto/create-enrollment-secret.dto';
import { EnrollmentSecretsService } from './enrollment-secrets.service';

/** Admin role to create and revoke (DELETE needs admin anyway), viewer to list. */
@ApiTags('enrollment-secrets')
@ApiBearerAuth()
@Controller('api/v1/enrollment-secrets')
export class EnrollmentSecretsController {
  constructor(private readonly secrets: EnrollmentSecretsService) {}

  @Post()
  @RequiresRole('admin')
  @ApiOperation({ summary: 'Create an enrollment secret (admin); the answer is the only place the secret is ever shown' })
  @ApiCreatedResponse({ type: CreatedEnrollmentSecretDto })
  @ApiConflictResponse({ description: 'ENROLLMENT_SECRET_ALREADY_EXISTS: a secret has this name (revoked ones keep theirs)' })
  create(@Body() body: CreateEnrollmentSecretDto, @Principal() principal: Principal | undefined): Promise<CreatedEnrollmentSecret> {
    return this.secrets.create(body, (principal as AdminPrincipal).name);
  }

  @Get()
  @ApiOperation({ summary: 'List enrollment secrets, revoked ones too, without the secrets' })
  @ApiOkResponse({ type: EnrollmentSecretDto, isArray: true, description: 'A page: {items, nextCursor}' })
  list(@Query() query: PageQueryDto): Promise<Page<EnrollmentSecretData>> {
    return this.secrets.list(query.limit, query.cursor);
  }

  @Delete(':idOrName')
  @RequiresRole('admin')
  @ApiOperation({ summary: 'Revoke an enrollment secret by ID or name (admin): it enrolls no more clients and stays listed as revoked' })
  @ApiOkResponse({ type: EnrollmentSecretDto })
  @ApiNotFoundResponse({ description: 'ENROLLMENT_SECRET_NOT_FOUND' })
  revoke(@Param('idOrName') idOrName: string): Promise<EnrollmentSecretData> {
    return this.secrets.revoke(idOrName);
  }
}
