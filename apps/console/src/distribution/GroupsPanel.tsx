import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { DistributionPoint, DistributionPointGroup } from '../api/types';
import { readAllPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { ErrorMessage, LoadState } from '../components/feedback';
import { TextField } from '../components/fields';
import { mergeFieldErrors } from '../components/form-errors';

function GroupForm({ points, existing, onSaved, onCancel }: { points: DistributionPoint[]; existing?: DistributionPointGroup; onSaved(): void; onCancel(): void }) {
  const { api } = useSession();
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [members, setMembers] = useState<string[]>(existing?.members ?? []);
  const [error, setError] = useState<unknown>(undefined);
  const [nameProblem, setNameProblem] = useState<string | undefined>(undefined);
  const errors = mergeFieldErrors(['name', 'members', 'description'], { name: nameProblem }, error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!existing && !/^[a-z0-9-]{1,63}$/.test(name)) {
      setNameProblem('1 to 63 lower-case letters, digits or hyphens.');
      return;
    }
    setNameProblem(undefined);
    setError(undefined);
    try {
      if (existing) await api.patch('replication', `/distribution-point-groups/${encodeURIComponent(existing.name)}`, { description, members });
      else await api.post('replication', '/distribution-point-groups', { name, description, members });
      onSaved();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={existing ? `Edit group ${existing.name}` : 'New group'}>
      <div className="form-grid">
        <TextField label="Group name" required value={name} onChange={setName} error={errors.name} disabled={Boolean(existing)} />
        <TextField label="Description" value={description} onChange={setDescription} error={errors.description} />
      </div>
      <fieldset className="fieldset">
        <legend>Members</legend>
        <div className="check-grid">
          {points.map((point) => (
            <label key={point.name} className="inline">
              <input type="checkbox" checked={members.includes(point.name)} onChange={() => setMembers(members.includes(point.name) ? members.filter((member) => member !== point.name) : [...members, point.name])} />{' '}
              {point.name}
            </label>
          ))}
        </div>
        {errors.members ? <span className="field-error">{errors.members}</span> : null}
      </fieldset>
      <ErrorMessage error={error} title="Could not save the group" />
      <div className="actions">
        <button type="submit" className="primary">
          {existing ? 'Save group' : 'Create group'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function GroupsPanel({ points }: { points: DistributionPoint[] }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState<DistributionPointGroup | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const groups = useLoad((signal) => readAllPages<DistributionPointGroup>((page) => api.get('replication', '/distribution-point-groups', page, signal)), [api]);

  const remove = async (group: DistributionPointGroup) => {
    if (!window.confirm(`Delete group ${group.name}?`)) return;
    try {
      await api.delete('replication', `/distribution-point-groups/${encodeURIComponent(group.name)}`);
      groups.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <section className="panel" aria-labelledby="groups-title">
      <div className="panel-header">
        <h2 id="groups-title">Distribution point groups</h2>
        {canWrite && editing === null ? (
          <button type="button" onClick={() => setEditing('new')}>
            New group
          </button>
        ) : null}
      </div>
      {editing !== null ? (
        <GroupForm
          key={editing === 'new' ? 'new' : editing.name}
          points={points}
          existing={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            groups.reload();
          }}
        />
      ) : null}
      <ErrorMessage error={actionError} />
      <LoadState what="groups" {...groups} isEmpty={(data) => data.length === 0} empty="No groups. A group lets you distribute to many DPs at once, including DPs added later.">
        {(data) => (
          <ul className="plain-list">
            {data.map((group) => (
              <li key={group.name} className="list-row">
                <span>
                  <strong>{group.name}</strong> {group.description ? `— ${group.description}` : ''}: {group.members.length > 0 ? group.members.join(', ') : 'no members'}
                </span>
                {canWrite ? (
                  <span className="row-actions">
                    <button type="button" onClick={() => setEditing(group)} aria-label={`Edit group ${group.name}`}>
                      Edit
                    </button>
                    {canDelete ? (
                      <button type="button" className="danger" onClick={() => void remove(group)} aria-label={`Delete group ${group.name}`}>
                        Delete
                      </button>
                    ) : null}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
    </section>
  );
}
