import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalField } from '@sdp/service';

export class ContentLocationsQueryDto {
  @ApiProperty({ example: 'S0100001' })
  @Matches(/^[A-Z0-9]{3}[0-9A-F]{5}$/, { message: 'packageId must be a site code followed by five upper-case hex digits' })
  packageId!: string;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

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
