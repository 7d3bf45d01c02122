import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Priority } from '../package.entity';

export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
const TEXT_LIMIT = 255;

export class CreatePackageDto {
  @ApiProperty({ maxLength: TEXT_LIMIT, example: 'Contoso Reader' })
  @IsString()
  @MaxLength(TEXT_LIMIT)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  version?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  manufacturer?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  language?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMIT, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMIT)
  description?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium', description: 'Order in which replication serves packages' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ default: false, description: 'The client never evicts this package from its cache' })
  @IsOptional()
  @IsBoolean()
  persistInCache?: boolean;

  @ApiPropertyOptional({ default: true, description: 'false for a command-only package that needs no distribution point' })
  @IsOptional()
  @IsBoolean()
  hasSource?: boolean;
}
