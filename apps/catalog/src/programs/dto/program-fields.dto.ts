import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_ESTIMATED_DISK_SPACE_MB, programSchema, type PlatformData } from '@sdp/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { ProgramDependencyDto } from './program-dependency.dto';

export const RUN_WINDOWS = ['normal', 'minimized', 'maximized', 'hidden'] as const;
export const AFTER_RUNNING = ['none', 'system-restart', 'program-restarts', 'logoff'] as const;
export const RUN_WHEN = ['user-logged-on', 'no-user', 'any'] as const;
export const RUN_AS = ['admin', 'user'] as const;
export const RUN_ONCE_PER = ['computer', 'user'] as const;
const MAX_EXIT_CODES = 256;

/** `any` or a non-empty list of {os, arch, minVersion?, maxVersion?}, checked with the event schema itself. */
@ValidatorConstraint({ name: 'platforms' })
class PlatformsShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return programSchema.shape.platforms.safeParse(value).success;
  }

  defaultMessage(args: ValidationArguments): string {
    const result = programSchema.shape.platforms.safeParse(args.value);
    const why = result.success ? '' : `: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'value'} ${issue.message}`).join('; ')}`;
    return `platforms must be "any" or a list of {os: windows|linux|macos, arch: x86|x64|arm64|any, minVersion?, maxVersion?}${why}`;
  }
}

/** Every program field but the name (the key, fixed at creation) and the command line. All optional: defaults follow domain.md. */
export class ProgramOptionsDto {
  @ApiPropertyOptional({ default: '', description: "Relative to the package root; '' = the package root" })
  @OptionalField()
  @IsString()
  @MaxLength(1024)
  @SafeText()
  workingDirectory?: string;

  @ApiPropertyOptional({ enum: RUN_WINDOWS, default: 'normal' })
  @OptionalField()
  @IsIn(RUN_WINDOWS)
  runWindow?: (typeof RUN_WINDOWS)[number];

  @ApiPropertyOptional({ enum: AFTER_RUNNING, default: 'none' })
  @OptionalField()
  @IsIn(AFTER_RUNNING)
  afterRunning?: (typeof AFTER_RUNNING)[number];

  @ApiPropertyOptional({ maxLength: 255, default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  @SafeText()
  category?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: MAX_ESTIMATED_DISK_SPACE_MB, description: 'null = unknown', default: null })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_ESTIMATED_DISK_SPACE_MB)
  estimatedDiskSpaceMb?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 120, description: 'The client kills the program past it' })
  @OptionalField()
  @IsInt()
  maxRunTimeMinutes?: number;

  @ApiPropertyOptional({
    description: '"any" (default) or a list of {os: windows|linux|macos, arch: x86|x64|arm64|any, minVersion?, maxVersion?}',
    oneOf: [{ type: 'string', enum: ['any'] }, { type: 'array', items: { type: 'object' } }],
    default: 'any',
  })
  @OptionalField()
  @Validate(PlatformsShape)
  platforms?: 'any' | PlatformData[];

  @ApiPropertyOptional({ enum: RUN_WHEN, default: 'any' })
  @OptionalField()
  @IsIn(RUN_WHEN)
  runWhen?: (typeof RUN_WHEN)[number];

  @ApiPropertyOptional({ enum: RUN_AS, default: 'admin' })
  @OptionalField()
  @IsIn(RUN_AS)
  runAs?: (typeof RUN_AS)[number];

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  allowUserInteraction?: boolean;

  @ApiPropertyOptional({ enum: RUN_ONCE_PER, default: 'computer' })
  @OptionalField()
  @IsIn(RUN_ONCE_PER)
  runOncePer?: (typeof RUN_ONCE_PER)[number];

  @ApiPropertyOptional({ type: ProgramDependencyDto, nullable: true, default: null, description: 'Program that runs first; null = none' })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @ValidateNested()
  @Type(() => ProgramDependencyDto)
  dependsOn?: ProgramDependencyDto | null;

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  suppressNotifications?: boolean;

  @ApiPropertyOptional({ default: false, description: 'A disabled program is withheld from every client but stays listed' })
  @OptionalField()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ type: [Number], default: [0] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_EXIT_CODES)
  @IsInt({ each: true })
  successExitCodes?: number[];

  @ApiPropertyOptional({ type: [Number], default: [1604, 1641, 3010, 3011], description: 'Success, reboot pending' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_EXIT_CODES)
  @IsInt({ each: true })
  rebootExitCodes?: number[];

  @ApiPropertyOptional({ type: [Number], default: [], description: "Failed now, retried by the client after a back-off, as the advertisement's retry settings say" })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_EXIT_CODES)
  @IsInt({ each: true })
  retryExitCodes?: number[];
}

export class CreateProgramDto extends ProgramOptionsDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'Install', description: 'Unique within the package' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @SafeText({ required: true })
  name!: string;

  @ApiProperty({ maxLength: 8191, example: 'msiexec /i reader.msi /qn' })
  @IsString()
  @MinLength(1)
  @MaxLength(8191)
  @SafeText({ required: true })
  commandLine!: string;
}

/** PATCH: only the fields sent change; the name cannot. */
export class UpdateProgramDto extends ProgramOptionsDto {
  @ApiPropertyOptional({ maxLength: 8191 })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(8191)
  @SafeText({ required: true })
  commandLine?: string;
}
