import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

export class ContentGrantQueryDto {
  @ApiProperty({ example: 'S0100001' })
  @Matches(/^[A-Z0-9]{3}[0-9A-F]{5}$/, { message: 'packageId must be a site code followed by five upper-case hex digits' })
  packageId!: string;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}
