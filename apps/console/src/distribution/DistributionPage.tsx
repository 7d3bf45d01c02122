import { useState } from 'react';
import { useSession } from '../api/session';
import { DistributionPoint, PackageData, Page } from '../api/types';
import { readAllPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { ErrorMessage, LoadState, Notice } from '../components/feedback';
import { isConflict, Names, nameIds, useNames } from '../components/use-names';
import { DistributionPointForm } from './DistributionPointForm';
import { DpPackagesBoard } from './DpPackagesBoard';
import { GroupsPanel } from './GroupsPanel';
import { ApiError } from '../api/api-error';

export function DistributionPage() {
  const { api, canWrite, canDelete, isAdmin } = useSession();
  const [editing, setEditing] = useState<DistributionPoint | 'new' | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  // Every DP: the table, and the choices of a group's members.
  const points = useLoad((signal) => readAllPages<DistributionPoint>((page) => api.get('replication', '/distribution-points', page, signal)), [api]);
  // A DP still in use names its packages by ID: the confirmation and the banner name them too.
  const packageNames = useNames('catalog', '/packages', isConflict(actionError));

  const run = async (what: string, action: () => Promise<unknown>) => {
    setActionError(undefined);
    setNotice(null);
    try {
      await action();
      setNotice(what);
      points.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  const testConnection = (dp: DistributionPoint) =>
    run(`Connection to ${dp.name} works: bucket ${dp.bucket} at ${dp.endpoint} is reachable.`, () => api.patch('replication', `/distribution-points/${encodeURIComponent(dp.name)}`, { endpoint: dp.endpoint }));

  const validateAll = (dp: DistributionPoint) => run(`Validation of every package on ${dp.name} started.`, () => api.post('replication', `/distribution-points/${encodeURIComponent(dp.name)}/validate`));

  /** One list request for the names of the packages a 409 names; none when it fails (the IDs stay). */
  const packageNamesNow = async (): Promise<Names> => {
    try {
      const page = await api.get<Page<PackageData>>('catalog', '/packages', { limit: 500 });
      return new Map(page.items.map((item) => [item.id, item.name]));
    } catch {
      return new Map();
    }
  };

  const remove = async (dp: DistributionPoint) => {
    if (!window.confirm(`Delete distribution point ${dp.name}?`)) return;
    const path = `/distribution-points/${encodeURIComponent(dp.name)}`;
    try {
      await api.delete('replication', path);
      points.reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DISTRIBUTION_POINT_IN_USE' && window.confirm(`${nameIds(error.message, await packageNamesNow())}\n\nDelete anyway? Content stays on the DP.`)) {
        await run(`Deleted ${dp.name}.`, () => api.delete('replication', path, { force: 'true' }));
      } else {
        setActionError(error);
      }
    }
  };

  return (
    <section aria-labelledby="distribution-title">
      <div className="page-header">
        <h1 id="distribution-title">Distribution</h1>
        {isAdmin && editing === null ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New distribution point
          </button>
        ) : null}
      </div>
      {editing !== null ? (
        <DistributionPointForm
          key={editing === 'new' ? 'new' : editing.name}
          existing={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(dp) => {
            setEditing(null);
            setNotice(`Saved ${dp.name}: the service reached bucket ${dp.bucket} at ${dp.endpoint}.`);
            points.reload();
          }}
        />
      ) : null}
      <ErrorMessage error={actionError} names={packageNames} />
      {notice ? <Notice>{notice}</Notice> : null}
      <section className="panel" aria-labelledby="points-title">
        <h2 id="points-title">Distribution points</h2>
        <LoadState what="distribution points" {...points} isEmpty={(data) => data.length === 0} empty="No distribution points yet. Clients download content from them.">
          {(data) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Endpoint / bucket</th>
                    <th scope="col">Site</th>
                    <th scope="col">Boundaries</th>
                    <th scope="col">Flags</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((dp) => (
                    <tr key={dp.name}>
                      <th scope="row">{dp.name}</th>
                      <td>
                        {dp.endpoint} / {dp.bucket}
                        {dp.publicEndpoint !== dp.endpoint ? <div className="muted">clients: {dp.publicEndpoint}</div> : null}
                      </td>
                      <td>{dp.siteCode}</td>
                      <td>{dp.boundaries.length > 0 ? dp.boundaries.join(', ') : '—'}</td>
                      <td>
                        {dp.enabled ? <span className="badge badge-ok">enabled</span> : <span className="badge badge-bad">disabled</span>} {dp.protected ? <span className="badge">protected</span> : null}
                      </td>
                      <td className="row-actions">
                        <button type="button" aria-expanded={showing === dp.name} onClick={() => setShowing(showing === dp.name ? null : dp.name)}>
                          Packages
                        </button>
                        {canWrite ? (
                          <>
                            <button type="button" onClick={() => setEditing(dp)} aria-label={`Edit ${dp.name}`}>
                              Edit
                            </button>
                            <button type="button" onClick={() => void testConnection(dp)} aria-label={`Test connection to ${dp.name}`}>
                              Test connection
                            </button>
                            <button type="button" onClick={() => void validateAll(dp)} aria-label={`Validate every package on ${dp.name}`}>
                              Validate all
                            </button>
                          </>
                        ) : null}
                        {canDelete ? (
                          <button type="button" className="danger" onClick={() => void remove(dp)} aria-label={`Delete ${dp.name}`}>
                            Delete
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </LoadState>
        {showing ? (
          <section aria-labelledby="dp-board-title">
            <h3 id="dp-board-title">Packages on {showing}</h3>
            <DpPackagesBoard name={showing} />
          </section>
        ) : null}
      </section>
      <GroupsPanel points={points.data ?? []} />
    </section>
  );
}
