import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { MAX_REFRESH_MINUTES, MIN_REFRESH_MINUTES, sourceLocationInputSchema, type SourceLocationInput } from '../../source-location/source-location';
import type { Priority } from '../package.entity';

export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
const TEXT_LIMIT = 255;

/** The two location shapes, checked with their zod schema. */
@ValidatorConstraint({ name: 'sourceLocation' })
class SourceLocationShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return sourceLocationInputSchema.safeParse(value).success;
  }

  defaultMessage(args: ValidationArguments): string {
    const result = sourceLocationInputSchema.safeParse(args.value);
    const why = result.success ? '' : `: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'value'} ${issue.message}`).join('; ')}`;
    return `sourceLocation must be {type: "s3", endpoint, bucket, prefix, region?, accessKey, secretKey} or {type: "directory", path}${why}`;
  }
}

export class CreatePackageDto {
  @ApiProperty({ maxLength: TEXT_LIMIT, example: 'Contoso Reader' })
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @Matches(/\S/, { message: 'name must not be blank' })
  @SafeText({ required: true })
  name!: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @SafeText()
  version?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @SafeText()
  manufacturer?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @SafeText()
  language?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @SafeText({ multiline: true })
  description?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium', description: 'Order in which replication serves packages' })
  @OptionalField()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ default: false, description: 'The client never evicts this package from its cache' })
  @OptionalField()
  @IsBoolean()
  persistInCache?: boolean;

  @ApiPropertyOptional({ default: true, description: 'false for a command-only package that needs no distribution point' })
  @OptionalField()
  @IsBoolean()
  hasSource?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    default: null,
    description:
      'Where the catalog re-imports the source from: {type: "s3", endpoint, bucket, prefix, region?, accessKey, secretKey} (the secret is stored encrypted and never returned) or {type: "directory", path} under CATALOG_SOURCE_ROOT. Responses show it as text without credentials.',
    type: Object,
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @Validate(SourceLocationShape)
  sourceLocation?: SourceLocationInput | null;

  @ApiPropertyOptional({ nullable: true, default: null, minimum: MIN_REFRESH_MINUTES, maximum: MAX_REFRESH_MINUTES, description: 'Re-import schedule; null = on request only' })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(MIN_REFRESH_MINUTES)
  @Max(MAX_REFRESH_MINUTES)
  sourceRefreshMinutes?: number | null;
}
