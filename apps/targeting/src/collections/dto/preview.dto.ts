import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { OptionalField } from '@sdp/service';

export class PreviewDto {
  @ApiProperty({ example: "os.name = 'windows' AND inventory.department = 'Finance'" })
  @IsString()
  @MaxLength(8192)
  expression!: string;

  @ApiPropertyOptional({ example: 'SMS00001' })
  @OptionalField()
  @Matches(/^[A-Z0-9]{3}[0-9A-F]{5}$/)
  limitingCollectionId?: string;
}

export class ExplainQueryDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'clientId must be a UUID' })
  clientId!: string;
}
