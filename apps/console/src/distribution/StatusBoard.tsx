import { ReactNode } from 'react';
import { DistributionState, DistributionStatusRow } from '../api/types';
import { Empty } from '../components/feedback';
import { formatBytes, formatDate } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';

export type BoardAction = 'refresh' | 'validate' | 'remove';

const STATE_TONE: Record<DistributionState, 'ok' | 'bad' | 'normal' | 'warn'> = {
  INSTALLED: 'ok',
  INSTALL_PENDING: 'normal',
  INSTALL_RETRYING: 'warn',
  INSTALL_FAILED: 'bad',
  REMOVAL_PENDING: 'normal',
  REMOVAL_RETRYING: 'warn',
  REMOVAL_FAILED: 'bad',
  VALIDATION_FAILED: 'bad',
};

/** States in which a row can wait for a worker that has not started on it yet. */
const WAITING_TEXT: Partial<Record<DistributionState, string>> = {
  INSTALL_PENDING: 'waiting',
  INSTALL_RETRYING: 'waiting to retry',
  REMOVAL_PENDING: 'waiting',
  REMOVAL_RETRYING: 'waiting to retry',
};

/**
 * The Bytes cell: "waiting" until a worker has measured the version (no 0 B / 0 B), else a bar of
 * the bytes the DP holds against the version's size, and — when the DP already had most of it —
 * how few bytes actually travelled.
 */
export function BytesProgress({ row, label, tone }: { row: DistributionStatusRow; label: string; tone: 'ok' | 'bad' | 'normal' }) {
  const waiting = WAITING_TEXT[row.state];
  if (row.bytesTotal === 0 && row.bytesDone === 0) {
    return <span className="muted">{waiting ?? '—'}</span>;
  }
  return (
    <>
      <ProgressBar done={row.bytesDone} total={row.bytesTotal} label={label} tone={tone} />
      <span className="muted">
        {formatBytes(row.bytesDone)} of {formatBytes(row.bytesTotal)}
      </span>
      {row.bytesCopied < row.bytesDone ? (
        <span className="muted transferred">
          {formatBytes(row.bytesCopied)} transferred; the DP had the rest
        </span>
      ) : null}
    </>
  );
}

function versionText(row: DistributionStatusRow): string {
  const installed = row.installedVersion ?? 'none';
  return row.desiredVersion !== null && row.desiredVersion !== row.installedVersion ? `${installed} → ${row.desiredVersion}` : String(installed);
}

/** One row per package and DP: state, version, progress, retries, last error and the actions on it. */
export function StatusBoard({ rows, label, keyColumn, keyOf, headerOf, actions, busy, onAction }: {
  rows: DistributionStatusRow[];
  label: string;
  /** The heading of the first column: the DP on a package's board, the package on a DP's board. */
  keyColumn: string;
  keyOf(row: DistributionStatusRow): string;
  /** What the row header shows, when more than the key (a package's name beside its ID). */
  headerOf?(row: DistributionStatusRow): ReactNode;
  actions: readonly BoardAction[];
  busy?: string | null;
  onAction?(row: DistributionStatusRow, action: BoardAction): void;
}) {
  if (rows.length === 0) return <Empty>Not on any distribution point yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label={label} className="status-board">
        <thead>
          <tr>
            <th scope="col">{keyColumn}</th>
            <th scope="col">State</th>
            <th scope="col">Version</th>
            <th scope="col">Bytes</th>
            <th scope="col">Files</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Updated</th>
            {actions.length > 0 ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = keyOf(row);
            const tone = STATE_TONE[row.state] ?? 'normal';
            return (
              <tr key={key} data-state={row.state}>
                <th scope="row">{headerOf ? headerOf(row) : key}</th>
                <td>
                  <span className={`badge badge-${tone}`}>{row.state}</span>
                </td>
                <td>{versionText(row)}</td>
                <td className="progress-cell">
                  <BytesProgress row={row} label={`${key} bytes copied`} tone={tone === 'ok' ? 'ok' : tone === 'bad' ? 'bad' : 'normal'} />
                </td>
                <td>
                  {row.filesDone} / {row.filesTotal}
                </td>
                <td>{row.attempts}</td>
                <td className={row.lastError ? 'last-error' : undefined}>{row.lastError ?? '—'}</td>
                <td>{formatDate(row.updatedAt)}</td>
                {actions.length > 0 ? (
                  <td className="row-actions">
                    {actions.map((action) => (
                      <button
                        key={action}
                        type="button"
                        className={action === 'remove' ? 'danger' : undefined}
                        disabled={busy === `${key}:${action}`}
                        onClick={() => onAction?.(row, action)}
                        aria-label={`${action[0].toUpperCase()}${action.slice(1)} ${key}`}
                      >
                        {action[0].toUpperCase() + action.slice(1)}
                      </button>
                    ))}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
