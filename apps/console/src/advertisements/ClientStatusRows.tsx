import { Fragment, useState } from 'react';
import { useSession } from '../api/session';
import { ClientStatusRow, StatusHistoryEntry } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link } from '../app/router';
import { Empty } from '../components/feedback';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';

function History({ advertisementId, clientId }: { advertisementId: string; clientId: string }) {
  const { api } = useSession();
  const history = useCursorPages<StatusHistoryEntry>(
    (page, signal) => api.get('advertisement', `/advertisements/${advertisementId}/status/clients/${encodeURIComponent(clientId)}/history`, page, signal),
    [api, advertisementId, clientId],
  );
  return (
    <PagedList what="history entries" list={history} empty="No history yet.">
      {(items) => (
        <ol className="history">
          {items.map((entry) => (
            <li key={entry.seq}>
              <strong>{entry.state}</strong> at {formatDate(entry.reportedAt)}
              {entry.messageId ? ` · message ${entry.messageId}` : ''}
              {entry.exitCode !== null ? ` · exit code ${entry.exitCode}` : ''}
              {entry.detail ? ` · ${entry.detail}` : ''}
              <span className="muted"> (#{entry.seq})</span>
            </li>
          ))}
        </ol>
      )}
    </PagedList>
  );
}

/** `onRetry`: offered on each failed row (to those who may write): that computer runs the advertisement again. */
export function ClientStatusRows({ advertisementId, rows, onRetry }: { advertisementId: string; rows: ClientStatusRow[]; onRetry?: (clientId: string) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  if (rows.length === 0) return <Empty>No client has reported yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Client status">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Acceptance</th>
            <th scope="col">Delivery</th>
            <th scope="col">Message</th>
            <th scope="col">Exit code</th>
            <th scope="col">Detail</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.clientId}>
              <tr data-state={row.deliveryState ?? row.acceptanceState ?? ''}>
                <td>
                  <Link to={`/clients/${row.clientId}`}>{row.clientId}</Link>
                </td>
                <td>
                  {row.acceptanceState ?? '—'} <span className="muted">{formatDate(row.acceptanceAt)}</span>
                </td>
                <td>
                  <span className={`badge ${row.deliveryState === 'SUCCEEDED' ? 'badge-ok' : row.deliveryState === 'FAILED' || row.timedOut ? 'badge-bad' : ''}`}>{row.deliveryState ?? '—'}</span>{' '}
                  {row.timedOut ? <strong>no report (timed out)</strong> : null} <span className="muted">{formatDate(row.deliveryAt)}</span>
                </td>
                <td>{row.messageId ?? '—'}</td>
                <td>{row.exitCode ?? '—'}</td>
                <td>{row.detail ?? '—'}</td>
                <td>
                  {onRetry && row.deliveryState === 'FAILED' ? (
                    <button type="button" onClick={() => onRetry(row.clientId)} aria-label={`Retry on ${row.clientId}`}>
                      Retry
                    </button>
                  ) : null}{' '}
                  <button type="button" aria-expanded={open === row.clientId} onClick={() => setOpen(open === row.clientId ? null : row.clientId)} aria-label={`History of ${row.clientId}`}>
                    {open === row.clientId ? 'Hide' : 'Show'}
                  </button>
                </td>
              </tr>
              {open === row.clientId ? (
                <tr>
                  <td colSpan={7}>
                    <History advertisementId={advertisementId} clientId={row.clientId} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
