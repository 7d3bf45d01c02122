import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { OptionalField } from '@sdp/service';

/** Which failed clients to retry: every one of the advertisement, those of one phase of its rollout, or the one named. */
export class RetryFailedQueryDto {
  @ApiPropertyOptional({ description: 'Only this client (it must have failed); default every failed client', format: 'uuid' })
  @OptionalField()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ description: 'Only the failed clients of this phase of the rollout (1-based); the advertisement must have phases', minimum: 1, maximum: 20 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  phase?: number;
}
