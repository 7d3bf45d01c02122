/**
 * @jest-environment jsdom
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import { Page } from './types';
import { PageQuery, readAllPages, useCursorPages } from './use-cursor-pages';

/** A list endpoint over `rows`: the cursor is the index of the next row. */
function listOf(rows: string[]) {
  return jest.fn(async ({ limit, cursor }: PageQuery): Promise<Page<string>> => {
    const start = Number(cursor ?? 0);
    const end = start + limit;
    return { items: rows.slice(start, end), nextCursor: end < rows.length ? String(end) : null };
  });
}

describe('useCursorPages', () => {
  it('on a poll reads every page shown again from the first, keeping as many rows as were loaded', async () => {
    const rows = ['a', 'b', 'c', 'd', 'e'];
    const load = listOf(rows);
    const { result } = renderHook(() => useCursorPages<string>(load, [], { pageSize: 2, pollMs: 20 }));
    await waitFor(() => expect(result.current.items).toEqual(['a', 'b']));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toEqual(['a', 'b', 'c', 'd']));

    load.mockClear();
    rows[2] = 'c, changed';
    await waitFor(() => expect(result.current.items).toEqual(['a', 'b', 'c, changed', 'd']));
    expect(result.current.hasMore).toBe(true);
    expect(load.mock.calls.slice(0, 2).map(([query]) => query)).toEqual([{ limit: 2, cursor: undefined }, { limit: 2, cursor: '2' }]);
  });

  it('drops the answer for an old query that arrives after the new one', async () => {
    const answers: Record<string, (page: Page<string>) => void> = {};
    const load = (query: string) => () => new Promise<Page<string>>((resolve) => (answers[query] = resolve));
    const { result, rerender } = renderHook(({ query }) => useCursorPages<string>(load(query), [query]), { initialProps: { query: 'old' } });
    rerender({ query: 'new' });

    await act(async () => answers.new({ items: ['new row'], nextCursor: null }));
    await act(async () => answers.old({ items: ['old row'], nextCursor: 'more' }));
    expect(result.current.items).toEqual(['new row']);
    expect(result.current.hasMore).toBe(false);
  });
});

describe('readAllPages', () => {
  it('follows the cursors to the last page, and stops at the bound', async () => {
    const rows = Array.from({ length: 1200 }, (_, index) => `row ${index}`);
    expect(await readAllPages(listOf(rows))).toEqual(rows);
    const bounded = listOf(rows);
    expect(await readAllPages(bounded, 700)).toEqual(rows.slice(0, 700));
    expect(bounded.mock.calls.map(([query]) => query)).toEqual([
      { limit: 500, cursor: undefined },
      { limit: 500, cursor: '500' },
    ]);
  });
});
