import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { OptionalField } from '@sdp/service';

/** Which failed clients to retry: every one of the advertisement, or the one named. */
export class RetryFailedQueryDto {
  @ApiPropertyOptional({ description: 'Only this client (it must have failed); default every failed client', format: 'uuid' })
  @OptionalField()
  @IsUUID()
  clientId?: string;
}
