import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { OptionalField, SafeText } from '@sdp/service';
import { IsIpAddress, IsJsonDocument } from '../../common/validators';
import { ClientPublicKeyFields } from './client-key.dto';
import { ClientOsDto } from './client-os.dto';

export const MAX_IP_ADDRESSES = 64;

/** The client's key and its proof come from ClientPublicKeyFields. */
export class RegisterClientDto extends ClientPublicKeyFields {
  @ApiProperty({ description: "The site's enrollment secret" })
  @IsString()
  @MaxLength(1024)
  enrollmentSecret!: string;

  @ApiProperty({ example: 'ws-berlin-042', description: 'Host name' })
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  name!: string;

  @ApiProperty({
    description:
      'Stable hardware identity. Registering again with it returns the same client only with proof of that client\'s key; without, the registration becomes a pending record an administrator resolves',
  })
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  hardwareId!: string;

  @ApiPropertyOptional({ nullable: true, example: 'corp.example.com' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  domain?: string | null;

  @ApiProperty({ type: ClientOsDto })
  @ValidateNested()
  @Type(() => ClientOsDto)
  os!: ClientOsDto;

  @ApiProperty({ type: [String], example: ['10.1.4.42'] })
  @IsArray()
  @ArrayMaxSize(MAX_IP_ADDRESSES)
  @IsIpAddress({ each: true })
  ipAddresses!: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free JSON inventory document' })
  @OptionalField()
  @IsJsonDocument()
  inventory?: Record<string, unknown>;
}

export { ClientTokenDto as RegistrationResultDto } from './client-key.dto';

/** 202: the client is recorded but waits for an administrator's approval; register again later. */
export class PendingRegistrationDto {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ enum: ['pending'] })
  status!: 'pending';

  @ApiProperty({ example: 'waiting for an administrator to approve this computer' })
  message!: string;
}
