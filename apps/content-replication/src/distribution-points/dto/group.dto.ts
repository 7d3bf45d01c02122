import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from './validators';

export class UpdateGroupDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Names of member distribution points' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(NAME_PATTERN, { each: true, message: `each member ${NAME_MESSAGE}` })
  members?: string[];
}

export class CreateGroupDto extends UpdateGroupDto {
  @ApiProperty({ example: 'europe' })
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;
}
