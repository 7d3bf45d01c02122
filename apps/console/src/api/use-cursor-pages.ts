import { DependencyList, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Page } from './types';

/** Rows per page unless a list asks for another size; every service accepts up to 500. */
export const PAGE_SIZE = 50;

/** The `?limit=&cursor=` of one page: no cursor for the first page, the previous page's nextCursor after that. */
export type PageQuery = {
  limit: number;
  cursor?: string;
};

/** A list endpoint's answer; some (an advertisement's status) carry more than the rows. */
export interface CursorPage<T> {
  items: T[];
  /** Null or absent on the last page. */
  nextCursor?: string | null;
}

export type PagingStep = 'first' | 'more' | 'refresh';

export interface CursorPages<T, P extends CursorPage<T> = Page<T>> {
  /** The rows of every page loaded so far, in order. */
  items: T[];
  /** The answers themselves, for what a page carries besides its rows. */
  pages: P[];
  /** The last page loaded had a nextCursor: there are more rows to load. */
  hasMore: boolean;
  /** The load the user waits for: the first page, or the next one. A poll's refresh runs silently. */
  loading: 'first' | 'more' | null;
  /** Why the last load failed, and which load it was; cleared when that load is tried again. */
  error: { step: PagingStep; reason: unknown } | null;
  /** Appends the next page; does nothing on the last page or while a page is loading. */
  loadMore(): void;
  /** Starts again from the first page. */
  reload(): void;
}

interface State<P> {
  pages: P[];
  loading: 'first' | 'more' | null;
  error: CursorPages<unknown>['error'];
}

function nextCursorOf<P extends CursorPage<unknown>>(pages: P[]): string | undefined {
  return pages.length > 0 ? (pages[pages.length - 1].nextCursor ?? undefined) : undefined;
}

/**
 * A list read page by page with the services' cursors: the first page when a dependency changes
 * (a new search starts again at the top), the next one on loadMore. With `pollMs`, the pages
 * loaded so far are read again from the first one every `pollMs` and replace the old ones at once,
 * so a live list stays current without losing the rows the user has loaded. One request runs at a
 * time: a poll waits for a page the user asked for, and loadMore cancels a poll's refresh.
 */
export function useCursorPages<T, P extends CursorPage<T> = Page<T>>(
  loadPage: (query: PageQuery, signal: AbortSignal) => Promise<P>,
  deps: DependencyList,
  options: {
    pageSize?: number;
    pollMs?: number;
    /** A new first page (another filter or order) replaces the rows shown only when it comes, so the table and the focus in it stay. */
    keepRowsUntilReplaced?: boolean;
  } = {},
): CursorPages<T, P> {
  const { pageSize = PAGE_SIZE, pollMs, keepRowsUntilReplaced = false } = options;
  const [state, setState] = useState<State<P>>({ pages: [], loading: 'first', error: null });
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  // The pages as last set, read by the next step even before React has rendered them.
  const pagesRef = useRef(state.pages);
  const running = useRef<{ step: PagingStep; controller: AbortController } | null>(null);

  const run = useCallback(
    async (step: PagingStep) => {
      const show = (pages: P[]) => {
        pagesRef.current = pages;
        setState({ pages, loading: null, error: null });
      };
      const known = pagesRef.current;
      if (step === 'more' && nextCursorOf(known) === undefined) return;
      const current = running.current;
      if (current) {
        // A new first page replaces anything; a page the user asked for replaces a refresh.
        if (step === 'refresh' || (step === 'more' && current.step !== 'refresh')) return;
        current.controller.abort();
      }
      const controller = new AbortController();
      const mine = { step, controller };
      running.current = mine;
      if (step === 'first') {
        if (keepRowsUntilReplaced) {
          setState((previous) => ({ ...previous, loading: 'first', error: null }));
        } else {
          pagesRef.current = [];
          setState({ pages: [], loading: 'first', error: null });
        }
      }
      if (step === 'more') setState((previous) => ({ ...previous, loading: 'more', error: null }));
      try {
        if (step === 'more') {
          const page = await loadRef.current({ limit: pageSize, cursor: nextCursorOf(known) }, controller.signal);
          if (controller.signal.aborted) return;
          show([...pagesRef.current, page]);
        } else {
          // The first page, or as many pages as are shown, read again from the top.
          const wanted = step === 'refresh' ? Math.max(1, known.length) : 1;
          const pages: P[] = [];
          let cursor: string | undefined;
          do {
            const page = await loadRef.current({ limit: pageSize, cursor }, controller.signal);
            pages.push(page);
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined && pages.length < wanted && !controller.signal.aborted);
          if (controller.signal.aborted) return;
          show(pages);
        }
      } catch (reason) {
        if (controller.signal.aborted) return;
        // Rows kept for another filter must not pass for this one's.
        if (step === 'first') pagesRef.current = [];
        setState((previous) => ({ pages: step === 'first' ? [] : previous.pages, loading: null, error: { step, reason } }));
      } finally {
        if (running.current === mine) running.current = null;
      }
    },
    [pageSize, keepRowsUntilReplaced],
  );

  useEffect(() => {
    void run('first');
    return () => {
      running.current?.controller.abort();
      running.current = null;
    };
  }, [...deps, run]);

  useEffect(() => {
    if (!pollMs) return undefined;
    const timer = setInterval(() => void run('refresh'), pollMs);
    return () => clearInterval(timer);
  }, [pollMs, run]);

  const loadMore = useCallback(() => void run('more'), [run]);
  const reload = useCallback(() => void run('first'), [run]);
  const items = useMemo(() => state.pages.flatMap((page) => page.items), [state.pages]);
  return { items, pages: state.pages, hasMore: nextCursorOf(state.pages) !== undefined, loading: state.loading, error: state.error, loadMore, reload };
}

/**
 * Every row of a list, page after page, up to `max` rows: for choices that must be complete (the
 * DPs to distribute to, the collections of the tree), never for a list the user browses.
 */
export async function readAllPages<T>(loadPage: (query: PageQuery) => Promise<CursorPage<T>>, max = 5000): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await loadPage({ limit: Math.min(500, max), cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && all.length < max);
  return all.slice(0, max);
}
