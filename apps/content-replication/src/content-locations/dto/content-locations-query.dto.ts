import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { OptionalField, PackageVersionQueryDto } from '@sdp/service';

export class ContentLocationsQueryDto extends PackageVersionQueryDto {
  @ApiPropertyOptional({ description: "The advertisement's allowFallbackToUnprotected", default: false })
  @OptionalField()
  @Matches(/^(true|false)$/, { message: 'allowFallbackToUnprotected must be true or false' })
  allowFallbackToUnprotected?: string;

  @ApiPropertyOptional({ description: "The content grant for this client, package and version (advertisement service: GET /api/v1/clients/:id/content-grant); without a valid one the answer is 403" })
  @OptionalField()
  @IsString()
  @MaxLength(4096)
  grant?: string;
}
