import { useState } from 'react';
import { useSession } from '../api/session';
import { Page, ProgramData } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorMessage, LoadState } from '../components/feedback';
import { isConflict, mergeNames, useNames } from '../components/use-names';
import { ProgramForm } from './ProgramForm';

function platformsText(program: ProgramData): string {
  if (program.platforms === 'any') return 'any';
  return program.platforms.map((platform) => `${platform.os}/${platform.arch}${platform.minVersion ? ` ≥ ${platform.minVersion}` : ''}${platform.maxVersion ? ` ≤ ${platform.maxVersion}` : ''}`).join(', ');
}

export function ProgramsPanel({ packageId }: { packageId: string }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState<ProgramData | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const conflict = isConflict(actionError);
  const advertisementNames = useNames('advertisement', '/advertisements', conflict);
  const packageNames = useNames('catalog', '/packages', conflict);
  const programs = useLoad((signal) => api.get<Page<ProgramData>>('catalog', `/packages/${encodeURIComponent(packageId)}/programs`, undefined, signal), [api, packageId]);

  const remove = async (program: ProgramData) => {
    if (!window.confirm(`Delete program ${program.name}?`)) return;
    setActionError(undefined);
    try {
      await api.delete('catalog', `/packages/${encodeURIComponent(packageId)}/programs/${encodeURIComponent(program.name)}`);
      programs.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <section className="panel" aria-labelledby="programs-title">
      <div className="panel-header">
        <h2 id="programs-title">Programs</h2>
        {canWrite && editing === null ? (
          <button type="button" onClick={() => setEditing('new')}>
            New program
          </button>
        ) : null}
      </div>
      {editing !== null ? (
        <ProgramForm
          key={editing === 'new' ? 'new' : editing.name}
          packageId={packageId}
          existing={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            programs.reload();
          }}
        />
      ) : null}
      <ErrorMessage error={actionError} names={mergeNames(packageNames, advertisementNames)} />
      <LoadState what="programs" {...programs} isEmpty={(data) => data.items.length === 0} empty="No programs yet. A program says how clients run the package.">
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Command line</th>
                  <th scope="col">Platforms</th>
                  <th scope="col">Max run time</th>
                  <th scope="col">Runs as</th>
                  <th scope="col">Depends on</th>
                  <th scope="col">State</th>
                  {canWrite ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.items.map((program) => (
                  <tr key={program.name}>
                    <td>{program.name}</td>
                    <td>
                      <code>{program.commandLine}</code>
                    </td>
                    <td>{platformsText(program)}</td>
                    <td>{program.maxRunTimeMinutes} min</td>
                    <td>{program.runAs}</td>
                    <td>{program.dependsOn ? `${program.dependsOn.packageId}:${program.dependsOn.program}` : '—'}</td>
                    <td>{program.disabled ? <span className="badge badge-bad">disabled</span> : <span className="badge badge-ok">enabled</span>}</td>
                    {canWrite ? (
                      <td className="row-actions">
                        <button type="button" onClick={() => setEditing(program)} aria-label={`Edit program ${program.name}`}>
                          Edit
                        </button>
                        {canDelete ? (
                          <button type="button" className="danger" onClick={() => void remove(program)} aria-label={`Delete program ${program.name}`}>
                            Delete
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </section>
  );
}
