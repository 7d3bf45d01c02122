import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsString, Length, Matches } from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';

export class CreateEnrollmentSecretDto {
  @ApiProperty({ example: 'berlin-office', description: 'Unique; letters, digits, dot, dash and underscore; not shaped like a UUID' })
  @IsString()
  @Length(1, 100)
  @SafeText({ required: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'name may hold only letters, digits, dot, dash and underscore, and starts with a letter or digit' })
  // Revoke takes an ID or a name: a name shaped like an ID would make that ambiguous.
  @Matches(/^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/i, { message: 'name must not look like an ID (a UUID)' })
  name!: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'When the secret stops enrolling clients; in the future. Omitted: never' })
  @OptionalField()
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'expiresAt must carry a time zone offset' })
  expiresAt?: string;

  @ApiPropertyOptional({ default: false, description: 'New clients enrolled with it wait, without a token, until an administrator approves them' })
  @OptionalField()
  @IsBoolean()
  approvalRequired?: boolean;
}

export class CreatedEnrollmentSecretDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'sdp_enr_…', description: 'The secret; shown in this answer only, never again' })
  secret!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty()
  approvalRequired!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class EnrollmentSecretDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty()
  approvalRequired!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Name of the admin token that created it' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;
}
