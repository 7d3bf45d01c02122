import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class UpdateClientDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  approved?: boolean;

  @ApiPropertyOptional({ description: "A blocked client's token stops working everywhere (403)" })
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;
}
