import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { IsIpAddress, IsJsonDocument } from '../../common/validators';
import { ClientOsDto } from './client-os.dto';
import { MAX_IP_ADDRESSES } from './register-client.dto';

/** The full inventory the client reports; the document replaces the stored one, other fields when given. */
export class UpdateInventoryDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsJsonDocument()
  inventory!: Record<string, unknown>;

  @ApiPropertyOptional({ type: ClientOsDto })
  @OptionalField()
  @ValidateNested()
  @Type(() => ClientOsDto)
  os?: ClientOsDto;

  @ApiPropertyOptional({ type: [String] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_IP_ADDRESSES)
  @IsIpAddress({ each: true })
  ipAddresses?: string[];

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  domain?: string | null;
}
