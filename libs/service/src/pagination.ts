import { ApiPropertyOptional } from '@nestjs/swagger';
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, isUUID, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { VALIDATION_FAILED } from './domain-error';
import { findUnstorableInput } from './unstorable-input';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?limit=&cursor=` of every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: the position (e.g. the last key seen) as base64url JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isPosition: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A forged cursor is input like any other: no NUL or half surrogate may reach PostgreSQL.
    if (findUnstorableInput(value, 'cursor') === undefined && isPosition(value)) {
      return value;
    }
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw new BadRequestException({ message: 'cursor: not a cursor this list returned', details: [{ field: 'cursor', problems: ['unknown cursor'] }], code: VALIDATION_FAILED });
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells that another page
 * exists; the cursor is the position of the last returned row.
 */
export function toPage<TRow, TItem>(rows: TRow[], limit: number, position: (row: TRow) => unknown, toItem: (row: TRow) => TItem): Page<TItem> {
  const pageRows = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && pageRows.length > 0 ? encodeCursor(position(pageRows[pageRows.length - 1])) : null,
  };
}

/** A cursor position that is a text key (an ID such as S0100001, a name). */
export function isTextCursor(value: unknown): value is string {
  return typeof value === 'string';
}

/** A cursor position that is a UUID key: anything else would reach a uuid column and fail there. */
export function isUuidCursor(value: unknown): value is string {
  return typeof value === 'string' && isUUID(value);
}

/** A cursor position `{ id }` whose id is a UUID. */
export function isUuidIdCursor(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && isUuidCursor((value as { id?: unknown }).id);
}

/** A cursor position `{ id }` whose id is text. */
export function isTextIdCursor(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && isTextCursor((value as { id?: unknown }).id);
}
