import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_RETRY_SETTINGS, RETRY_LIMITS } from '@sdp/contracts';
import { IsInt } from 'class-validator';
import { OptionalField } from '@sdp/service';

/** How clients retry a failed attempt; each field omitted keeps its current (or default) value. Ranges are rules (422). */
export class RetrySettingsDto {
  @ApiPropertyOptional({
    default: DEFAULT_RETRY_SETTINGS.maxAttempts,
    minimum: RETRY_LIMITS.maxAttempts.min,
    maximum: RETRY_LIMITS.maxAttempts.max,
    description: 'Attempts in all, the first included; 1 = no retry',
  })
  @OptionalField()
  @IsInt()
  maxAttempts?: number;

  @ApiPropertyOptional({
    default: DEFAULT_RETRY_SETTINGS.initialBackoffSeconds,
    minimum: RETRY_LIMITS.backoffSeconds.min,
    maximum: RETRY_LIMITS.backoffSeconds.max,
    description: 'Wait before the second attempt; doubled for each further one',
  })
  @OptionalField()
  @IsInt()
  initialBackoffSeconds?: number;

  @ApiPropertyOptional({
    default: DEFAULT_RETRY_SETTINGS.maxBackoffSeconds,
    minimum: RETRY_LIMITS.backoffSeconds.min,
    maximum: RETRY_LIMITS.backoffSeconds.max,
    description: 'Longest wait between attempts before the ±25 % jitter',
  })
  @OptionalField()
  @IsInt()
  maxBackoffSeconds?: number;
}
