import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { InstalledUnused } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { TextField } from '../components/fields';
import { formatDate } from '../components/format';
import { LoadState } from '../components/feedback';
import { useDebounced } from '../components/use-debounced';
import { ruleApiPath } from './rule-actions';

export const DEFAULT_UNUSED_DAYS = 90;

/** Why a days value cannot be asked for, or undefined (the service checks it again: 1..3650). */
export function unusedDaysProblem(days: string): string | undefined {
  const value = Number(days);
  return days.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= 3650 ? undefined : 'A whole number of days from 1 to 3650.';
}

/** Computers that have the rule's software installed and have not run it for N days: licences to take back. */
export function InstalledUnusedPanel({ ruleId }: { ruleId: string }) {
  const { api } = useSession();
  const [days, setDays] = useState(String(DEFAULT_UNUSED_DAYS));
  // What is typed is checked at once; the service is asked once typing has paused.
  const typedProblem = unusedDaysProblem(days);
  const asked = useDebounced(days.trim(), 300);
  const problem = unusedDaysProblem(asked);
  const unused = useLoad(
    (signal) => (problem ? Promise.resolve(undefined) : api.get<InstalledUnused>('metering', `${ruleApiPath(ruleId)}/installed-unused`, { days: asked }, signal)),
    [api, ruleId, asked, problem],
  );
  const daysError = typedProblem ?? (unused.error instanceof ApiError ? unused.error.fieldMessage('days') : undefined);

  return (
    <section className="panel" aria-labelledby="unused-title">
      <h2 id="unused-title">Installed but unused</h2>
      <div className="toolbar">
        <TextField label="Not used for (days)" type="number" value={days} onChange={setDays} error={daysError} />
      </div>
      {typedProblem || problem ? null : (
        <LoadState
          what="installed but unused computers"
          {...unused}
          isEmpty={(data) => data === undefined || data.computers.length === 0}
          empty={`No computer has it installed without running it in the last ${asked} days.`}
        >
          {(data) =>
            data ? (
              <div className="table-wrap">
                <p className="muted">Installed, and not run since {formatDate(data.since)}.</p>
                <table aria-label="Installed but unused">
                  <thead>
                    <tr>
                      <th scope="col">Computer</th>
                      <th scope="col">Installed software</th>
                      <th scope="col">Version</th>
                      <th scope="col">Last used</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.computers.map((computer) => (
                      <tr key={`${computer.clientId}-${computer.softwareName}-${computer.softwareVersion ?? ''}`}>
                        <th scope="row">
                          <Link to={`/clients/${encodeURIComponent(computer.clientId)}`}>{computer.clientName ?? computer.clientId}</Link>
                        </th>
                        <td>{computer.softwareName}</td>
                        <td>{computer.softwareVersion ?? '—'}</td>
                        <td>{computer.lastUsedAt ? formatDate(computer.lastUsedAt) : 'never'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null
          }
        </LoadState>
      )}
    </section>
  );
}
