import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalField } from '@sdp/service';

export class UpdateClientDto {
  @ApiPropertyOptional({ description: 'true lets a pending client (no token yet) through at its next registration' })
  @OptionalField()
  @IsBoolean()
  approved?: boolean;

  @ApiPropertyOptional({ description: "A blocked client's token stops working everywhere (403)" })
  @OptionalField()
  @IsBoolean()
  blocked?: boolean;
}
