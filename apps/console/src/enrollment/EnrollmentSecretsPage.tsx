import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { CreatedEnrollmentSecret, EnrollmentSecret } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { mergeFieldErrors } from '../components/form-errors';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';

const BASE = '/enrollment-secrets';

function stateOf(secret: EnrollmentSecret, now: number) {
  if (secret.revokedAt !== null) return <span className="badge badge-bad">revoked {formatDate(secret.revokedAt)}</span>;
  if (secret.expiresAt !== null && new Date(secret.expiresAt).getTime() <= now) return <span className="badge badge-warn">expired</span>;
  return <span className="badge badge-ok">active</span>;
}

/** The secret of the create answer, shown this once: the API never gives it again. */
function CreatedSecret({ created, onDone }: { created: CreatedEnrollmentSecret; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(created.secret);
    setCopied(true);
  };
  return (
    <div className="alert alert-success" role="status" aria-label={`New enrollment secret ${created.name}`}>
      <p>
        Enrollment secret <strong>{created.name}</strong> created. Copy it now: it is shown this once and cannot be shown again. Agents take it as{' '}
        <code>--enroll-secret</code>.
      </p>
      <p>
        <code className="code" aria-label="Secret">
          {created.secret}
        </code>
      </p>
      <div className="actions">
        {navigator.clipboard ? (
          <button type="button" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy secret'}
          </button>
        ) : null}
        <button type="button" onClick={onDone}>
          Done, I stored it
        </button>
      </div>
    </div>
  );
}

/** The browser's local time as the API wants it, with its offset (the API refuses times without one). */
function toIso(local: string): string {
  return new Date(local).toISOString();
}

export function EnrollmentSecretsPage() {
  const { api, isAdmin } = useSession();
  const secrets = useCursorPages<EnrollmentSecret>((page, signal) => api.get('targeting', BASE, { ...page }, signal), [api]);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [approvalRequired, setApprovalRequired] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<CreatedEnrollmentSecret | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [revokeError, setRevokeError] = useState<unknown>(undefined);
  const errors = mergeFieldErrors(['name', 'expiresAt', 'approvalRequired'], {}, error);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(new Error('Give the secret a name.'));
      return;
    }
    try {
      const body = { name: name.trim(), ...(expires && { expiresAt: toIso(expires) }), ...(approvalRequired && { approvalRequired }) };
      setCreated(await api.post<CreatedEnrollmentSecret>('targeting', BASE, body));
      setName('');
      setExpires('');
      setApprovalRequired(false);
      setError(undefined);
      secrets.reload();
    } catch (reason) {
      setError(reason);
    }
  };

  const revoke = async (secret: EnrollmentSecret) => {
    setConfirming(undefined);
    try {
      await api.delete('targeting', `${BASE}/${encodeURIComponent(secret.id)}`);
      setRevokeError(undefined);
      secrets.reload();
    } catch (reason) {
      setRevokeError(reason);
    }
  };

  const now = Date.now();
  return (
    <section aria-labelledby="enrollment-title">
      <div className="page-header">
        <h1 id="enrollment-title">Enrollment secrets</h1>
      </div>
      <p>
        Agents register with an enrollment secret. A computer enrolled with a secret that requires approval waits until you approve it on the Clients page.
        Revoking a secret stops new enrollments with it; computers already enrolled keep working.
      </p>
      {created ? <CreatedSecret created={created} onDone={() => setCreated(undefined)} /> : null}
      {isAdmin ? (
        <form className="form card" onSubmit={create} noValidate aria-label="New enrollment secret">
          <div className="form-grid">
            <TextField label="Name" required value={name} onChange={setName} error={errors.name} hint="letters, digits, dot, dash and underscore; e.g. berlin-office" maxLength={100} />
            <TextField label="Expires (your local time, optional)" type="datetime-local" value={expires} onChange={setExpires} error={errors.expiresAt} />
            <CheckboxField label="Approval required" checked={approvalRequired} onChange={setApprovalRequired} hint="new computers wait until an administrator approves them" />
          </div>
          <ErrorMessage error={error} title="Could not create the secret" />
          <div className="actions">
            <button type="submit" className="primary">
              Create secret
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={revokeError} title="Could not revoke the secret" />
      <PagedList what="enrollment secrets" list={secrets} empty="No enrollment secrets created yet: agents use the one set in SDP_ENROLLMENT_SECRET.">
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">State</th>
                  <th scope="col">Approval</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  {isAdmin ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((secret) => (
                  <tr key={secret.id}>
                    <td>{secret.name}</td>
                    <td>{stateOf(secret, now)}</td>
                    <td>{secret.approvalRequired ? 'required' : 'no'}</td>
                    <td>{secret.expiresAt ? formatDate(secret.expiresAt) : 'never'}</td>
                    <td>
                      {formatDate(secret.createdAt)} by {secret.createdBy}
                    </td>
                    <td>{secret.lastUsedAt ? formatDate(secret.lastUsedAt) : 'never'}</td>
                    {isAdmin ? (
                      <td>
                        {secret.revokedAt !== null ? null : confirming === secret.id ? (
                          <button type="button" className="danger" onClick={() => void revoke(secret)}>
                            Confirm revoking {secret.name}
                          </button>
                        ) : (
                          <button type="button" onClick={() => setConfirming(secret.id)} aria-label={`Revoke ${secret.name}`}>
                            Revoke
                          </button>
                        )}
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
