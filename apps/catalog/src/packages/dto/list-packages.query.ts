import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@sdp/service';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListPackagesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive text contained in the name or the manufacturer', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
