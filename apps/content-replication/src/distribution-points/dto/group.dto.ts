import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { NAME_MESSAGE, NAME_PATTERN } from './validators';

export class UpdateGroupDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  @SafeText({ multiline: true })
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Names of member distribution points' })
  @OptionalField()
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
