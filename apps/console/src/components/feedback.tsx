import { ReactNode } from 'react';
import { describeError } from '../api/api-error';
import { Names, nameIds } from './use-names';

/** A failure in words; with `names`, the IDs it mentions (a 409 naming what is still in use) carry their names. */
export function ErrorMessage({ error, title, names, children }: { error: unknown; title?: string; names?: Names; children?: ReactNode }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="alert alert-error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {names ? nameIds(describeError(error), names) : describeError(error)}
      {children}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Loading, error and empty states in one place, so every list shows all three the same way. */
export function LoadState<T>({ what, data, error, loading, children, isEmpty, empty }: {
  what: string;
  data: T | undefined;
  error: unknown;
  loading: boolean;
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  if (data === undefined) {
    if (error) return <ErrorMessage error={error} title={`Could not load ${what}`} />;
    return loading ? <Loading what={what} /> : null;
  }
  return (
    <>
      {error ? <ErrorMessage error={error} title={`Could not refresh ${what}`} /> : null}
      {isEmpty?.(data) ? <Empty>{empty ?? `No ${what} yet.`}</Empty> : children(data)}
    </>
  );
}
