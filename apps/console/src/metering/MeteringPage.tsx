import { useState } from 'react';
import { useSession } from '../api/session';
import { MeteringRule } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link, navigate } from '../app/router';
import { ErrorMessage } from '../components/feedback';
import { PagedList } from '../components/PagedList';
import { platformsText } from './metering-rule-form-model';
import { MeteringRuleForm } from './MeteringRuleForm';
import { deleteQuestion, ruleApiPath, useSetEnabled } from './rule-actions';

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <span className={`badge ${enabled ? 'badge-ok' : 'badge-warn'}`}>{enabled ? 'enabled' : 'disabled'}</span>;
}

/** The metering rules: what each meters and its licences; operators create and switch them, admins delete them. */
export function MeteringPage() {
  const { api, canWrite, canDelete } = useSession();
  const [creating, setCreating] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(undefined);
  const rules = useCursorPages<MeteringRule>((page, signal) => api.get('metering', '/metering/rules', page, signal), [api]);
  const toggle = useSetEnabled(() => rules.reload());

  const remove = async (rule: MeteringRule) => {
    if (!window.confirm(deleteQuestion(rule))) return;
    setDeleteError(undefined);
    try {
      await api.delete('metering', ruleApiPath(rule.id));
      rules.reload();
    } catch (reason) {
      setDeleteError(reason);
    }
  };

  return (
    <section aria-labelledby="metering-title">
      <div className="page-header">
        <h1 id="metering-title">Metering</h1>
        {canWrite && !creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New rule
          </button>
        ) : null}
      </div>
      {creating ? <MeteringRuleForm onCancel={() => setCreating(false)} onSaved={(rule) => navigate(`/metering/${encodeURIComponent(rule.id)}`)} /> : null}
      <ErrorMessage error={toggle.error} title="Could not change the rule" />
      <ErrorMessage error={deleteError} title="Could not delete the rule" />
      <PagedList what="metering rules" list={rules} empty="No metering rules yet. A rule names a program whose use the agents record, and the licences you own of it.">
        {(items) => (
          <div className="table-wrap">
            <table aria-label="Metering rules">
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Product</th>
                  <th scope="col">File name</th>
                  <th scope="col">Original file name</th>
                  <th scope="col">Version</th>
                  <th scope="col">Platforms</th>
                  <th scope="col">Licences owned</th>
                  <th scope="col">State</th>
                  {canWrite ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((rule) => (
                  <tr key={rule.id} data-rule={rule.id}>
                    <td>
                      <Link to={`/metering/${encodeURIComponent(rule.id)}`}>{rule.id}</Link>
                    </td>
                    <th scope="row">{rule.productName}</th>
                    <td>{rule.fileName ?? '—'}</td>
                    <td>{rule.originalFileName ?? '—'}</td>
                    <td>{rule.fileVersion}</td>
                    <td>{platformsText(rule.platforms)}</td>
                    <td>{rule.licencesOwned}</td>
                    <td>
                      <EnabledBadge enabled={rule.enabled} />
                    </td>
                    {canWrite ? (
                      <td className="row-actions">
                        <button type="button" disabled={toggle.busy === rule.id} onClick={() => void toggle.setEnabled(rule, !rule.enabled)} aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.productName}`}>
                          {rule.enabled ? 'Disable' : 'Enable'}
                        </button>
                        {canDelete ? (
                          <button type="button" className="danger" onClick={() => void remove(rule)} aria-label={`Delete ${rule.productName}`}>
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
      </PagedList>
    </section>
  );
}
