import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';

export const MAX_RULES = 1000;

export class RefreshDto {
  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  incremental?: boolean;

  @ApiPropertyOptional({ nullable: true, default: 1440, description: 'null = on rule change and on demand only' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(525_600)
  fullEveryMinutes?: number | null;
}

const RULES_DESCRIPTION =
  "Each one of {type:'direct', clientId}, {type:'query', name, expression}, {type:'include', collectionId}, {type:'exclude', collectionId}";

/** A new collection: a name and rules are required (a missing one is 400 with `details`). */
export class CreateCollectionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  name!: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(1024)
  @SafeText({ multiline: true })
  comment?: string;

  @ApiPropertyOptional({ example: 'SMS00001', description: 'Defaults to SMS00001 (All Systems)' })
  @OptionalField()
  @Matches(SITE_OBJECT_ID_PATTERN)
  limitingCollectionId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(SITE_OBJECT_ID_PATTERN)
  parentCollectionId?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: RULES_DESCRIPTION })
  @IsArray()
  @ArrayMaxSize(MAX_RULES)
  @IsObject({ each: true })
  rules!: Record<string, unknown>[];

  @ApiPropertyOptional({ type: RefreshDto })
  @OptionalField()
  @ValidateNested()
  @Type(() => RefreshDto)
  refresh?: RefreshDto;
}

/** The same fields as create, each optional: only the fields sent change. */
export class UpdateCollectionDto extends PartialType(CreateCollectionDto, { skipNullProperties: false }) {}

const MAX_DIRECT_MEMBERS_PER_CHANGE = 500;

/** Direct members to add and to remove in one change of a collection's direct rules. */
export class DirectMembersDto {
  @ApiPropertyOptional({ type: [String], description: 'Client IDs to add a direct rule for (those already named by one are skipped)' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_DIRECT_MEMBERS_PER_CHANGE)
  @IsUUID('all', { each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Client IDs whose direct rule to remove (each must have one)' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_DIRECT_MEMBERS_PER_CHANGE)
  @IsUUID('all', { each: true })
  remove?: string[];
}
