import { ApiProperty } from '@nestjs/swagger';
import { SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** A request field that holds a site's object ID (package, collection, advertisement). */
export function IsSiteObjectId(): PropertyDecorator {
  return Matches(SITE_OBJECT_ID_PATTERN, { message: '$property must be a site code followed by five upper-case hex digits' });
}

/** The query naming one version of one package (content grants, content locations). */
export class PackageVersionQueryDto {
  @ApiProperty({ example: 'S0100001' })
  @IsSiteObjectId()
  packageId!: string;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}
