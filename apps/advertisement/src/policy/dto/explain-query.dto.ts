import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class ExplainQueryDto {
  @ApiProperty({ example: 'S0100002' })
  @Matches(/^[A-Z0-9]{3}[0-9A-F]{5}$/, { message: 'advertisementId must be a site code followed by five upper-case hex digits' })
  advertisementId!: string;
}
