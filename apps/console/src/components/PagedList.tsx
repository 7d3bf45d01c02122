import { ReactNode, useEffect, useRef } from 'react';
import { CursorPage, CursorPages } from '../api/use-cursor-pages';
import { Empty, ErrorMessage, Loading } from './feedback';

const count = new Intl.NumberFormat('en');

/**
 * What follows the rows of a list read page by page (useCursorPages): how many rows are shown, a
 * "Load more" button while there is a next page, and in words why the last load failed; after a
 * failed page the same button tries it again. The button stays focusable while its page loads;
 * when the last page has come, focus moves to the row count so the keyboard user is not dropped
 * at the top of the page.
 */
export function LoadMore<T, P extends CursorPage<T>>({ list, what }: { list: CursorPages<T, P>; what: string }) {
  const countRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const buttonHadFocus = useRef(false);
  const loadingMore = list.loading === 'more';

  useEffect(() => {
    if (list.loading) return;
    if (!list.hasMore && buttonHadFocus.current) countRef.current?.focus();
    buttonHadFocus.current = false;
  }, [list.loading, list.hasMore]);

  const more = () => {
    buttonHadFocus.current = document.activeElement === buttonRef.current;
    if (!loadingMore) list.loadMore();
  };

  if (list.items.length === 0 && !list.hasMore && !list.error) return null;
  const shown = count.format(list.items.length);
  const title = what[0].toUpperCase() + what.slice(1);
  return (
    <div className="load-more">
      <p ref={countRef} tabIndex={-1} className="load-more-count" role="status" aria-live="polite">
        {list.hasMore ? `${title} shown: ${shown}, more to load.` : `${title} shown: all ${shown}.`}
      </p>
      {list.error?.step === 'more' ? <ErrorMessage error={list.error.reason} title={`Could not load more ${what}`} /> : null}
      {list.error?.step === 'refresh' ? <ErrorMessage error={list.error.reason} title={`Could not refresh ${what}; showing what was loaded before`} /> : null}
      {list.hasMore ? (
        <button ref={buttonRef} type="button" onClick={more} aria-disabled={loadingMore}>
          {loadingMore ? `Loading more ${what}…` : list.error?.step === 'more' ? `Try again to load more ${what}` : `Load more ${what}`}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A list read page by page, whole: loading and error states of its first page (with "Try again"),
 * the empty state, its rows, then the LoadMore control. Without `empty`, an empty list is handed
 * to `children` like any other.
 */
export function PagedList<T, P extends CursorPage<T>>({ list, what, empty, children }: { list: CursorPages<T, P>; what: string; empty?: ReactNode; children(items: T[], pages: P[]): ReactNode }) {
  if (list.pages.length === 0) {
    if (list.error) {
      return (
        <ErrorMessage error={list.error.reason} title={`Could not load ${what}`}>
          {' '}
          <button type="button" onClick={list.reload}>
            Try again
          </button>
        </ErrorMessage>
      );
    }
    return list.loading ? <Loading what={what} /> : null;
  }
  return (
    <>
      {empty !== undefined && list.items.length === 0 && !list.hasMore ? <Empty>{empty}</Empty> : children(list.items, list.pages)}
      <LoadMore list={list} what={what} />
    </>
  );
}
