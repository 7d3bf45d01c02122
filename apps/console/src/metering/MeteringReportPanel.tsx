import { useState } from 'react';
import { useSession } from '../api/session';
import { MeteringReport } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { Field, SelectField } from '../components/fields';
import { LoadState } from '../components/feedback';
import { ruleApiPath } from './rule-actions';
import { ChartMeasure, currentUtcMonth, daysOfMonth, formatDuration } from './usage-chart';
import { UsageChart } from './UsageChart';

const MEASURES: { value: ChartMeasure; label: string }[] = [
  { value: 'launches', label: 'Launches' },
  { value: 'usageSeconds', label: 'Usage time' },
];

function Summary({ report }: { report: MeteringReport }) {
  const { summary } = report;
  const rows: [string, string][] = [
    ['Computers', String(summary.computers)],
    ['Users', String(summary.users)],
    ['Launches', String(summary.launches)],
    ['Total usage time', formatDuration(summary.usageSeconds)],
    ['Peak concurrent users', `${summary.peakConcurrentUsers} of ${report.licencesOwned} licences owned`],
  ];
  return (
    <>
      <dl className="properties" aria-label={`Summary of ${report.month}`}>
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.overLicences ? (
        <div className="alert alert-error" role="status" data-testid="over-licences">
          Over licences: at the peak {summary.peakConcurrentUsers} users ran {report.productName} at once, {summary.peakConcurrentUsers - report.licencesOwned} more than the{' '}
          {report.licencesOwned} licences owned.
        </div>
      ) : null}
    </>
  );
}

function DrillDown({ report }: { report: MeteringReport }) {
  return (
    <>
      <div className="table-wrap">
        <table aria-label="Computers that ran it">
          <caption>Computers</caption>
          <thead>
            <tr>
              <th scope="col">Computer</th>
              <th scope="col">Launches</th>
              <th scope="col">Usage time</th>
              <th scope="col">Users</th>
            </tr>
          </thead>
          <tbody>
            {report.computers.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  No computer ran it this month.
                </td>
              </tr>
            ) : (
              report.computers.map((computer) => (
                <tr key={computer.clientId}>
                  <th scope="row">
                    <Link to={`/clients/${encodeURIComponent(computer.clientId)}`}>{computer.name ?? computer.clientId}</Link>
                  </th>
                  <td>{computer.launches}</td>
                  <td>{formatDuration(computer.usageSeconds)}</td>
                  <td>{computer.users.join(', ')}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table aria-label="Users who ran it">
          <caption>Users</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Launches</th>
              <th scope="col">Usage time</th>
              <th scope="col">Computers</th>
            </tr>
          </thead>
          <tbody>
            {report.users.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  No user ran it this month.
                </td>
              </tr>
            ) : (
              report.users.map((user) => (
                <tr key={user.user}>
                  <th scope="row">{user.user}</th>
                  <td>{user.launches}</td>
                  <td>{formatDuration(user.usageSeconds)}</td>
                  <td>{user.computers}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A rule's month (UTC): the summary against the licences owned, each day as a chart, who ran it. */
export function MeteringReportPanel({ ruleId }: { ruleId: string }) {
  const { api } = useSession();
  const [month, setMonth] = useState(currentUtcMonth);
  const [measure, setMeasure] = useState<ChartMeasure>('launches');
  const monthValid = daysOfMonth(month).length > 0;
  const report = useLoad(
    (signal) => (monthValid ? api.get<MeteringReport>('metering', `${ruleApiPath(ruleId)}/report`, { month }, signal) : Promise.resolve(undefined)),
    [api, ruleId, month, monthValid],
  );

  return (
    <section className="panel" aria-labelledby="report-title">
      <h2 id="report-title">Usage report</h2>
      <div className="toolbar">
        <Field label="Month (UTC)" error={monthValid ? undefined : 'Pick a month, YYYY-MM.'}>
          {(props) => <input {...props} type="month" value={month} onChange={(event) => setMonth(event.target.value)} />}
        </Field>
        <SelectField<ChartMeasure> label="Bars show" value={measure} options={MEASURES} onChange={setMeasure} />
      </div>
      {monthValid ? (
        <LoadState what={`the report of ${month}`} {...report}>
          {(data) =>
            data ? (
              <>
                <Summary report={data} />
                <UsageChart report={data} measure={measure} />
                <DrillDown report={data} />
              </>
            ) : null
          }
        </LoadState>
      ) : null}
    </section>
  );
}
