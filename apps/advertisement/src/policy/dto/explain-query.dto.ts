import { ApiProperty } from '@nestjs/swagger';
import { IsSiteObjectId } from '@sdp/service';

export class ExplainQueryDto {
  @ApiProperty({ example: 'S0100002' })
  @IsSiteObjectId()
  advertisementId!: string;
}
