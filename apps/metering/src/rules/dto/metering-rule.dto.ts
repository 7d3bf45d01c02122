import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import type { PlatformData } from '@sdp/contracts';
import { Allow, IsBoolean, IsInt, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';

const PLATFORMS_DOC = {
  description: 'any, or a list of {os: windows|linux|macos, arch: x86|x64|arm64|any, minVersion?, maxVersion?}, as programs have',
  oneOf: [{ type: 'string', enum: ['any'] }, { type: 'array', items: { type: 'object' } }],
  default: 'any',
};

/**
 * A rule's fields as an administrator sends them: the types are checked here (400); the domain
 * rules — an executable named, well-formed version and installed name patterns, licences ≥ 0,
 * platforms' shape —
 * by meteringRuleProblem (422 naming the field).
 */
export class CreateMeteringRuleDto {
  @ApiProperty({ maxLength: 255, example: 'Contoso Word 16' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @SafeText({ required: true })
  productName!: string;

  @ApiPropertyOptional({ maxLength: 255, nullable: true, type: String, example: 'WINWORD.EXE', description: 'Executable file name, without regard to case' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @SafeText()
  fileName?: string | null;

  @ApiPropertyOptional({ maxLength: 255, nullable: true, type: String, description: 'Original file name of the version resource (Windows)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @SafeText()
  originalFileName?: string | null;

  @ApiPropertyOptional({ default: '*', example: '16.*', description: 'File version with wildcards: * any run of characters, ? one character' })
  @OptionalField()
  @IsString()
  fileVersion?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'en-US', description: 'null: any language' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  language?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 256,
    example: 'Contoso Word 16*',
    description: 'Which installed software is this product: a name pattern, * any run of characters, ? one character, without regard to case; null (default): the product name',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  installedSoftwareName?: string | null;

  @ApiPropertyOptional(PLATFORMS_DOC)
  @OptionalField()
  @Allow()
  platforms?: 'any' | PlatformData[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 255, description: 'The site the rule is meant for (free text); null: every site' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @SafeText()
  site?: string | null;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @OptionalField()
  @IsInt()
  licencesOwned?: number;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;
}

/** PATCH: any subset of the fields. */
export class UpdateMeteringRuleDto extends PartialType(CreateMeteringRuleDto, { skipNullProperties: false }) {}
