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

function versionText(row: DistributionStatusRow): string {
  const installed = row.installedVersion ?? 'none';
  return row.desiredVersion !== null && row.desiredVersion !== row.installedVersion ? `${installed} → ${row.desiredVersion}` : String(installed);
}

/** One row per package and DP: state, version, progress, retries, last error and the actions on it. */
export function StatusBoard({ rows, label, keyColumn, keyOf, actions, busy, onAction }: {
  rows: DistributionStatusRow[];
  label: string;
  /** The heading of the first column: the DP on a package's board, the package on a DP's board. */
  keyColumn: string;
  keyOf(row: DistributionStatusRow): string;
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
                <th scope="row">{key}</th>
                <td>
                  <span className={`badge badge-${tone}`}>{row.state}</span>
                </td>
                <td>{versionText(row)}</td>
                <td className="progress-cell">
                  <ProgressBar done={row.bytesDone} total={row.bytesTotal} label={`${key} bytes copied`} tone={tone === 'ok' ? 'ok' : tone === 'bad' ? 'bad' : 'normal'} />
                  <span className="muted">
                    {formatBytes(row.bytesDone)} / {formatBytes(row.bytesTotal)}
                  </span>
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
