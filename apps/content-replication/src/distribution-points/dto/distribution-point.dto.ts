import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { BUCKET_PATTERN, IsCidr, NAME_MESSAGE, NAME_PATTERN, SITE_CODE_PATTERN } from './validators';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

class DistributionPointFieldsDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  @SafeText({ multiline: true })
  description?: string;

  @ApiProperty({ description: 'S3 endpoint the service writes to', example: 'http://127.0.0.1:9101' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  endpoint!: string;

  @ApiPropertyOptional({ description: 'S3 endpoint clients download from; defaults to endpoint' })
  @OptionalField()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  publicEndpoint?: string;

  @ApiProperty({ example: 'sdp-dp-berlin' })
  @Matches(BUCKET_PATTERN, { message: 'bucket must be a valid S3 bucket name' })
  bucket!: string;

  @ApiPropertyOptional({ default: 'us-east-1' })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @SafeText({ required: true })
  region?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  accessKey!: string;

  @ApiProperty({ description: 'Stored encrypted; never returned', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  secretKey!: string;

  @ApiPropertyOptional({ description: 'Defaults to the site of this service', example: 'S01' })
  @OptionalField()
  @Matches(SITE_CODE_PATTERN, { message: 'siteCode must be three upper-case letters or digits' })
  siteCode?: string;

  @ApiPropertyOptional({ type: [String], example: ['10.1.0.0/16'] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsCidr({ each: true })
  boundaries?: string[];

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  protected?: boolean;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ default: 8, minimum: 1, maximum: 1024 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(1024)
  maxConcurrentTransfers?: number;

  @ApiPropertyOptional({ nullable: true, description: 'null = unlimited', minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  rateLimitBytesPerSec?: number | null;
}

export class RegisterDistributionPointDto extends DistributionPointFieldsDto {
  @ApiProperty({ example: 'dp-berlin-1' })
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;
}

export class UpdateDistributionPointDto extends PartialType(DistributionPointFieldsDto, { skipNullProperties: false }) {}

export class DeleteDistributionPointQueryDto {
  @ApiPropertyOptional({ description: 'Delete even while packages are on it (their content stays on the DP)' })
  @OptionalField()
  @Matches(/^(true|false)$/, { message: 'force must be true or false' })
  force?: string;
}
