import { useState } from 'react';
import { useSession } from '../api/session';
import { MeteringReport, MeteringReportPage } from '../api/types';
import { CursorPage, useCursorPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { Field, SelectField } from '../components/fields';
import { LoadState } from '../components/feedback';
import { LoadMore } from '../components/PagedList';
import { Property, PropertyList } from '../components/PropertyList';
import { ruleApiPath } from './rule-actions';
import { ChartMeasure, currentUtcMonth, daysOfMonth, formatDuration } from './usage-chart';
import { UsageChart } from './UsageChart';

const MEASURES: { value: ChartMeasure; label: string }[] = [
  { value: 'launches', label: 'Launches' },
  { value: 'usageSeconds', label: 'Usage time' },
];

function Summary({ report }: { report: MeteringReport }) {
  const { summary } = report;
  const rows: Property[] = [
    ['Computers', String(summary.computers)],
    ['Users', String(summary.users)],
    ['Launches', String(summary.launches)],
    ['Total usage time', formatDuration(summary.usageSeconds)],
    ['Peak concurrent users', `${summary.peakConcurrentUsers} of ${report.licencesOwned} licences owned`],
  ];
  return (
    <>
      <PropertyList label={`Summary of ${report.month}`} rows={rows} />
      {report.overLicences ? (
        <div className="alert alert-error" role="status" data-testid="over-licences">
          Over licences: at the peak {summary.peakConcurrentUsers} users ran {report.productName} at once, {summary.peakConcurrentUsers - report.licencesOwned} more than the{' '}
          {report.licencesOwned} licences owned.
        </div>
      ) : null}
    </>
  );
}

/** Rows of the report's drill-down the console asks for at a time after the first page (which comes with the report). */
const DRILL_DOWN_PAGE = 100;

/**
 * One list of the report's drill-down (computers, users), most usage first: the first page from
 * the report, then "Load more" reads the next page of the same month.
 */
function useDrillDown<List extends 'computers' | 'users'>(report: MeteringReport, list: List) {
  const { api } = useSession();
  type Row = MeteringReport[List][number];
  const total = list === 'computers' ? report.computersTotal : report.usersTotal;
  const pageAt = (offset: number, items: Row[]) => ({ items, nextCursor: offset + items.length < total && items.length > 0 ? String(offset + items.length) : null });
  return useCursorPages<Row, CursorPage<Row>>(
    async ({ limit, cursor }, signal) => {
      if (cursor === undefined) return pageAt(0, report[list] as Row[]);
      const offset = Number(cursor);
      const page = await api.get<MeteringReportPage<Row>>('metering', `${ruleApiPath(report.ruleId)}/report/${list}`, { month: report.month, offset, limit }, signal);
      return pageAt(offset, page.items);
    },
    [api, report, list],
    { pageSize: DRILL_DOWN_PAGE },
  );
}

function DrillDown({ report }: { report: MeteringReport }) {
  const computers = useDrillDown(report, 'computers');
  const users = useDrillDown(report, 'users');
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
            {report.computersTotal === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  No computer ran it this month.
                </td>
              </tr>
            ) : (
              // Keys by position too: the current month is summarized again for each page, so a computer may move between pages.
              computers.items.map((computer, position) => (
                <tr key={`${position}:${computer.clientId}`}>
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
      <LoadMore list={computers} what="computers" />
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
            {report.usersTotal === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  No user ran it this month.
                </td>
              </tr>
            ) : (
              users.items.map((user, position) => (
                <tr key={`${position}:${user.user}`}>
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
      <LoadMore list={users} what="users" />
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
