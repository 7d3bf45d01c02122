import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@sdp/service';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Query expression, e.g. os.name = 'windows' AND os.version >= '10.0.19041'" })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  query?: string;
}
