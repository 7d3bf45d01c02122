import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, isTextCursor, isTextIdCursor, isUuidCursor, isUuidIdCursor, toPage } from './pagination';

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

describe('cursor positions a forged cursor cannot abuse', () => {
  const forged = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

  it('refuses a cursor holding a NUL with 400 VALIDATION_FAILED, before it reaches PostgreSQL', () => {
    expect(() => decodeCursor(forged('S01\u000000001'), isTextCursor)).toThrow(expect.objectContaining({ response: expect.objectContaining({ code: 'VALIDATION_FAILED' }) }));
  });

  it('takes a UUID key only when it is a UUID, and text keys as text', () => {
    const id = '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f';
    expect(decodeCursor(forged(id), isUuidCursor)).toBe(id);
    expect(() => decodeCursor(forged('not-a-uuid'), isUuidCursor)).toThrow('cursor: not a cursor this list returned');
    expect(decodeCursor(forged({ id }), isUuidIdCursor)).toEqual({ id });
    expect(() => decodeCursor(forged({ id: 'zzz' }), isUuidIdCursor)).toThrow('cursor: not a cursor this list returned');
    expect(decodeCursor(forged({ id: 'S0100001' }), isTextIdCursor)).toEqual({ id: 'S0100001' });
    expect(decodeCursor(forged('dp-1'), isTextCursor)).toBe('dp-1');
  });
});
