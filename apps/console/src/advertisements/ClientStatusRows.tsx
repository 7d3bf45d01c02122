import { Fragment, useState } from 'react';
import { useSession } from '../api/session';
import { ClientStatusRow, StatusHistoryEntry } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link } from '../app/router';
import { useClientNames } from '../clients/use-client-names';
import { Empty } from '../components/feedback';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { messageLabel, ProgramOutputView } from './ProgramOutputView';

function History({ advertisementId, clientId }: { advertisementId: string; clientId: string }) {
  const { api } = useSession();
  const history = useCursorPages<StatusHistoryEntry>(
    (page, signal) => api.get('advertisement', `/advertisements/${advertisementId}/clients/${encodeURIComponent(clientId)}/history`, page, signal),
    [api, advertisementId, clientId],
  );
  return (
    <PagedList what="history entries" list={history} empty="No history yet.">
      {(items) => (
        <ol className="history">
          {items.map((entry) => (
            <li key={entry.seq}>
              <strong>{entry.state}</strong> at {formatDate(entry.reportedAt)}
              {entry.messageId !== null ? ` · ${messageLabel(entry)}` : ''}
              {entry.exitCode !== null ? ` · exit code ${entry.exitCode}` : ''}
              {entry.packageVersion !== null ? ` · package version ${entry.packageVersion}` : ''}
              {entry.detail ? ` · ${entry.detail}` : ''}
              <span className="muted"> (#{entry.seq})</span>
              {entry.output ? (
                <details>
                  <summary>Program output</summary>
                  <ProgramOutputView output={entry.output} />
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </PagedList>
  );
}

/**
 * `onRetry`: offered on each failed row (to those who may write): that computer runs the advertisement again.
 * `onRerun`: offered on every row (to those who may write): that computer runs it again whatever its state and rerun rule.
 * A failed row with program output can show it; History shows every report, newest first.
 */
export function ClientStatusRows({
  advertisementId,
  rows,
  onRetry,
  onRerun,
}: {
  advertisementId: string;
  rows: ClientStatusRow[];
  onRetry?: (clientId: string) => void;
  onRerun?: (clientId: string) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [outputOf, setOutputOf] = useState<string | null>(null);
  const names = useClientNames(rows.map((row) => row.clientId));
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
            <th scope="col">Package version</th>
            <th scope="col">Detail</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.clientId}>
              <tr data-state={row.deliveryState ?? row.acceptanceState ?? ''}>
                <td>
                  <Link to={`/clients/${row.clientId}`}>{names === undefined ? '…' : (names.get(row.clientId) ?? 'unknown computer')}</Link>{' '}
                  <span className="muted">{row.clientId}</span>
                </td>
                <td>
                  {row.acceptanceState ?? '—'} <span className="muted">{formatDate(row.acceptanceAt)}</span>
                </td>
                <td>
                  <span className={`badge ${row.deliveryState === 'SUCCEEDED' ? 'badge-ok' : row.deliveryState === 'FAILED' || row.timedOut ? 'badge-bad' : ''}`}>{row.deliveryState ?? '—'}</span>{' '}
                  {row.timedOut ? <strong>no report (timed out)</strong> : null} <span className="muted">{formatDate(row.deliveryAt)}</span>
                </td>
                <td>{messageLabel(row)}</td>
                <td>{row.exitCode ?? '—'}</td>
                <td>{row.packageVersion ?? '—'}</td>
                <td>
                  {row.detail ?? '—'}
                  {row.deliveryState === 'FAILED' && row.output ? (
                    <>
                      {' '}
                      <button type="button" aria-expanded={outputOf === row.clientId} onClick={() => setOutputOf(outputOf === row.clientId ? null : row.clientId)} aria-label={`Output of ${row.clientId}`}>
                        {outputOf === row.clientId ? 'Hide output' : 'Output'}
                      </button>
                    </>
                  ) : null}
                </td>
                <td>
                  {onRetry && row.deliveryState === 'FAILED' ? (
                    <button type="button" onClick={() => onRetry(row.clientId)} aria-label={`Retry on ${row.clientId}`}>
                      Retry
                    </button>
                  ) : null}{' '}
                  {onRerun ? (
                    <button type="button" onClick={() => onRerun(row.clientId)} aria-label={`Re-run on ${row.clientId}`}>
                      Re-run
                    </button>
                  ) : null}{' '}
                  <button type="button" aria-expanded={open === row.clientId} onClick={() => setOpen(open === row.clientId ? null : row.clientId)} aria-label={`History of ${row.clientId}`}>
                    {open === row.clientId ? 'Hide' : 'Show'}
                  </button>
                </td>
              </tr>
              {outputOf === row.clientId && row.output ? (
                <tr>
                  <td colSpan={8}>
                    <ProgramOutputView output={row.output} />
                  </td>
                </tr>
              ) : null}
              {open === row.clientId ? (
                <tr>
                  <td colSpan={8}>
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
