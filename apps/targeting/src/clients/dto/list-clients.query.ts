import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, OptionalField } from '@sdp/service';
import { IsString, MaxLength } from 'class-validator';

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Query expression, e.g. os.name = 'windows' AND os.version >= '10.0.19041'" })
  @OptionalField()
  @IsString()
  @MaxLength(8192)
  query?: string;
}
