import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsSiteObjectId, OptionalField, SafeText } from '@sdp/service';
import { RetrySettingsDto } from './retry-settings.dto';


/** Every field an administrator may set; name, packageId, program and collectionId are required. */
export class CreateAdvertisementDto {
  @ApiProperty({ maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @SafeText({ required: true })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1024, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(1024)
  @SafeText({ multiline: true })
  comment?: string;

  @ApiProperty({ example: 'S0100001' })
  @IsSiteObjectId()
  packageId!: string;

  @ApiProperty({ maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @SafeText({ required: true })
  program!: string;

  @ApiProperty({ example: 'SMS00001' })
  @IsSiteObjectId()
  collectionId!: string;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  includeSubcollections?: boolean;

  @ApiPropertyOptional({ description: 'ISO-8601; default now', example: '2026-03-02T10:00:00Z' })
  @OptionalField()
  @IsISO8601({ strict: true })
  availableAt?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 or null (never expires)', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  expiresAt?: string | null;

  @ApiPropertyOptional({
    description: 'Up to 15 of {type: asap} | {type: at, at} | {type: recurring, at, every (ISO-8601 duration)} | {type: logon} | {type: logoff}; empty = optional',
    type: 'array',
    items: { type: 'object' },
    default: [],
  })
  @OptionalField()
  @IsArray()
  mandatory?: unknown[];

  @ApiPropertyOptional({ enum: ['never', 'always', 'if-failed', 'if-succeeded'], default: 'if-failed' })
  @OptionalField()
  @IsIn(['never', 'always', 'if-failed', 'if-succeeded'])
  rerun?: 'never' | 'always' | 'if-failed' | 'if-succeeded';

  @ApiPropertyOptional({ enum: ['download', 'run-from-dp'], default: 'download' })
  @OptionalField()
  @IsIn(['download', 'run-from-dp'])
  fastNetwork?: 'download' | 'run-from-dp';

  @ApiPropertyOptional({ enum: ['do-not-run', 'download', 'run-from-dp'], default: 'do-not-run' })
  @OptionalField()
  @IsIn(['do-not-run', 'download', 'run-from-dp'])
  slowNetwork?: 'do-not-run' | 'download' | 'run-from-dp';

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  allowFallbackToUnprotected?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  ignoreMaintenanceWindows?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  allowRestartOutsideWindows?: boolean;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  allowUserToRunIndependently?: boolean;

  @ApiPropertyOptional({ enum: ['high', 'medium', 'low'], default: 'medium' })
  @OptionalField()
  @IsIn(['high', 'medium', 'low'])
  priority?: 'high' | 'medium' | 'low';

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: RetrySettingsDto,
    description:
      "How clients retry a failed attempt (an exit code in the program's retryExitCodes, or content they could not download); default 3 attempts, 60 s doubling, at most 3600 s, ±25 % jitter",
  })
  @OptionalField()
  @ValidateNested()
  @Type(() => RetrySettingsDto)
  retry?: RetrySettingsDto;

  @ApiPropertyOptional({
    description:
      'A phased deployment, fixed at creation: 1 to 20 phases in order, all {type: percentage, percent} (rings of the target collection, ' +
      'strictly growing, the last 100) or all {type: collection, collectionId} (a client of the target in none joins the last phase); ' +
      'each with successPercent (default 95), failureThreshold {percent} (default 5) or {count}, and gate {type: automatic, delayMinutes} ' +
      '(default, 0 minutes) or {type: approval}. Controlled and shown at /advertisements/{id}/rollout; absent = the whole collection at once.',
    type: 'array',
    items: { type: 'object' },
    example: [{ type: 'percentage', percent: 10, gate: { type: 'approval' } }, { type: 'percentage', percent: 100 }],
  })
  @OptionalField()
  @IsArray()
  phases?: unknown[];
}
