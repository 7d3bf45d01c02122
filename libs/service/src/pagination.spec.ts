import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, toPage } from './pagination';

const isIdPosition = (value: unknown): value is { id: string } =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

describe('pagination', () => {
  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor({ id: 'S0100002' }), isIdPosition)).toEqual({ id: 'S0100002' });
  });

  it('has no position without a cursor', () => {
    expect(decodeCursor(undefined, isIdPosition)).toBeUndefined();
  });

  it.each(['not-base64-json', encodeCursor({ other: 1 }), encodeCursor('S01')])('rejects the foreign cursor %s with 400', (cursor) => {
    expect(() => decodeCursor(cursor, isIdPosition)).toThrow(BadRequestException);
  });

  it('pages rows fetched with limit + 1', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (row) => ({ id: row.id }), (row) => row.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!, isIdPosition)).toEqual({ id: 'b' });
    expect(toPage(rows, 3, (row) => row, (row) => row.id)).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
  });
});
