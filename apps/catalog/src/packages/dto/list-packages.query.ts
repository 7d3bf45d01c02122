import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, OptionalField } from '@sdp/service';
import { IsString, MaxLength } from 'class-validator';

export class ListPackagesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive text contained in the name or the manufacturer', maxLength: 255 })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  q?: string;
}
