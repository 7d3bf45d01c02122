import { FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { DistributionPoint, DistributionPointGroup, DistributionStatus, DistributionStatusRow } from '../api/types';
import { readAllPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { ErrorMessage, LoadState, Notice } from '../components/feedback';
import { BoardAction, StatusBoard } from './StatusBoard';

const POLL_MS = 2000;

function AssignForm({ packageId, onAssigned }: { packageId: string; onAssigned(): void }) {
  const { api } = useSession();
  const [chosenPoints, setChosenPoints] = useState<string[]>([]);
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const targets = useLoad(
    async (signal) => ({
      points: await readAllPages<DistributionPoint>((page) => api.get('replication', '/distribution-points', page, signal)),
      groups: await readAllPages<DistributionPointGroup>((page) => api.get('replication', '/distribution-point-groups', page, signal)),
    }),
    [api],
  );
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosenPoints.length === 0 && chosenGroups.length === 0) {
      setError(new Error('Choose at least one distribution point or group.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post('replication', `/packages/${encodeURIComponent(packageId)}/distribution-points`, { distributionPoints: chosenPoints, groups: chosenGroups });
      setChosenPoints([]);
      setChosenGroups([]);
      onAssigned();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <LoadState what="distribution points" {...targets} isEmpty={(data) => data.points.length === 0} empty="No distribution points yet. Add one on the Distribution page.">
      {(data) => (
        <form className="form card" onSubmit={submit} aria-label="Distribute the package">
          <fieldset className="fieldset">
            <legend>Distribution points</legend>
            <div className="check-grid">
              {data.points.map((point) => (
                <label key={point.name} className="inline">
                  <input type="checkbox" checked={chosenPoints.includes(point.name)} onChange={() => setChosenPoints(toggle(chosenPoints, point.name))} /> {point.name}
                  {!point.enabled ? ' (disabled)' : ''}
                </label>
              ))}
            </div>
          </fieldset>
          {data.groups.length > 0 ? (
            <fieldset className="fieldset">
              <legend>Groups</legend>
              <div className="check-grid">
                {data.groups.map((group) => (
                  <label key={group.name} className="inline">
                    <input type="checkbox" checked={chosenGroups.includes(group.name)} onChange={() => setChosenGroups(toggle(chosenGroups, group.name))} /> {group.name} ({group.members.length})
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <ErrorMessage error={error} title="Could not distribute" />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Distributing…' : 'Distribute'}
          </button>
        </form>
      )}
    </LoadState>
  );
}

/** The package's live board: polls every two seconds, no reload needed. */
export function PackageDistribution({ packageId }: { packageId: string }) {
  const { api, canWrite, canDelete } = useSession();
  const [assigning, setAssigning] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/packages/${encodeURIComponent(packageId)}`;
  const status = useLoad((signal) => api.get<DistributionStatus>('replication', `${base}/distribution-status`, undefined, signal), [api, base], POLL_MS);

  const act = async (row: DistributionStatusRow, action: BoardAction) => {
    const name = row.distributionPoint;
    if (action === 'remove' && !window.confirm(`Remove package ${packageId} from ${name}?`)) return;
    setBusy(`${name}:${action}`);
    setActionError(undefined);
    setNotice(null);
    try {
      const path = `${base}/distribution-points/${encodeURIComponent(name)}`;
      if (action === 'remove') await api.delete('replication', path);
      else await api.post('replication', `${path}/${action}`);
      setNotice(action === 'remove' ? `Removal from ${name} started.` : action === 'refresh' ? `Refresh of ${name} started.` : `Validation of ${name} started.`);
      status.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  };

  const actions: BoardAction[] = canWrite ? (canDelete ? ['refresh', 'validate', 'remove'] : ['refresh', 'validate']) : [];
  return (
    <div>
      {canWrite ? (
        assigning ? (
          <>
            <AssignForm
              packageId={packageId}
              onAssigned={() => {
                setAssigning(false);
                status.reload();
              }}
            />
            <button type="button" onClick={() => setAssigning(false)}>
              Close
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setAssigning(true)}>
            Distribute to…
          </button>
        )
      ) : null}
      <ErrorMessage error={actionError} />
      {notice ? <Notice>{notice}</Notice> : null}
      <p className="muted live-note" aria-hidden="true">
        Live: updates every 2 seconds.
      </p>
      {status.error instanceof ApiError && status.error.status === 404 && !status.data ? (
        <p className="muted" role="status">
          The distribution service has not heard of this package yet; it learns of new packages within seconds.
        </p>
      ) : null}
      <LoadState what="distribution status" {...status} error={status.error instanceof ApiError && status.error.status === 404 && !status.data ? undefined : status.error}>
        {(data) => <StatusBoard rows={data.items} label={`Distribution status of ${packageId}`} keyColumn="Distribution point" keyOf={(row) => row.distributionPoint} actions={actions} busy={busy} onAction={(row, action) => void act(row, action)} />}
      </LoadState>
    </div>
  );
}
