import { ReactNode } from 'react';
import { Link } from '../app/router';

export interface DetailHeaderProps {
  /** The list this object belongs to, linked from the breadcrumb: its name and console path. */
  list: { name: string; path: string };
  /** The object's name in the breadcrumb (its ID when omitted). */
  crumb?: ReactNode;
  /** The heading's element ID, for the page's `aria-labelledby`. */
  titleId: string;
  title: ReactNode;
  /** Shown muted after the title: the object's ID when the title is its name. */
  id?: string;
  /** After the title and ID: e.g. a state badge. */
  badge?: ReactNode;
  /** The Edit button, when this user may edit and is not editing already. */
  onEdit?: () => void;
  /** The Delete button, last, when this user may delete. */
  onDelete?: () => void;
  /** The object's own actions, between Edit and Delete. */
  children?: ReactNode;
}

/** The top of every detail page: breadcrumb, heading, and the actions this user may take. */
export function DetailHeader({ list, crumb, titleId, title, id, badge, onEdit, onDelete, children }: DetailHeaderProps) {
  return (
    <>
      <p className="breadcrumb">
        <Link to={list.path}>{list.name}</Link> / {crumb ?? id}
      </p>
      <div className="page-header">
        <h1 id={titleId}>
          {title}
          {id ? (
            <>
              {' '}
              <span className="muted">{id}</span>
            </>
          ) : null}
          {badge ? <> {badge}</> : null}
        </h1>
        <div className="actions">
          {onEdit ? (
            <button type="button" onClick={onEdit}>
              Edit
            </button>
          ) : null}
          {children}
          {onDelete ? (
            <button type="button" className="danger" onClick={onDelete}>
              Delete
            </button>
          ) : null}
        </div>
      </div>
    </>
  );
}
