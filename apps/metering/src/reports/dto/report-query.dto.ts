import { ApiPropertyOptional } from '@nestjs/swagger';
import { METERING_REPORT_MAX_PAGE, METERING_REPORT_PAGE_SIZE } from '@sdp/contracts';
import { IsOptional, IsString, Matches } from 'class-validator';
import { wholeNumberParameter } from './whole-number-parameter';

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-03', description: 'A UTC month, YYYY-MM; default the current one' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class ReportPageQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: 'Rows to skip, in the report order (most usage first)' })
  @IsOptional()
  @IsString()
  offset?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: METERING_REPORT_MAX_PAGE, default: METERING_REPORT_PAGE_SIZE, description: 'Rows in the page' })
  @IsOptional()
  @IsString()
  limit?: string;
}

const MAX_OFFSET = 1_000_000_000;

/** `offset` and `limit` as whole numbers (0 to 10^9, default 0; 1 to 1000, default 100), or the first that is not and why (422 naming it). */
export function pageWindow(offset: string | undefined, limit: string | undefined): { offset: number; limit: number } | { field: 'offset' | 'limit'; why: string } {
  const from = offset === undefined ? 0 : wholeNumberParameter(offset, 0, MAX_OFFSET);
  if (from === undefined) {
    return { field: 'offset', why: `must be a whole number from 0 to ${MAX_OFFSET}` };
  }
  const size = limit === undefined ? METERING_REPORT_PAGE_SIZE : wholeNumberParameter(limit, 1, METERING_REPORT_MAX_PAGE);
  if (size === undefined) {
    return { field: 'limit', why: `must be a whole number from 1 to ${METERING_REPORT_MAX_PAGE}` };
  }
  return { offset: from, limit: size };
}
