import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { wholeNumberParameter } from './whole-number-parameter';

export const DEFAULT_UNUSED_DAYS = 90;
export const MAX_UNUSED_DAYS = 3650;

export class InstalledUnusedQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_UNUSED_DAYS, default: DEFAULT_UNUSED_DAYS, description: 'Unused for how many days (since now - days)' })
  @IsOptional()
  @IsString()
  days?: string;
}

/** `days` as a whole number of 1 to 3650 (default 90), or why not (422 naming `days`). */
export function unusedDays(days: string | undefined): { days: number } | { why: string } {
  if (days === undefined) {
    return { days: DEFAULT_UNUSED_DAYS };
  }
  const value = wholeNumberParameter(days, 1, MAX_UNUSED_DAYS);
  return value === undefined ? { why: `must be a whole number of days from 1 to ${MAX_UNUSED_DAYS}` } : { days: value };
}
