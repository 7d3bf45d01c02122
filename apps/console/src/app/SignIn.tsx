import { FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error';
import { fetchRole, Role } from '../api/role';
import { ErrorMessage } from '../components/feedback';

export function SignIn({ onSignedIn, initialError }: { onSignedIn(token: string, role: Role): void; initialError?: unknown }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(initialError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) {
      setError(new Error('Enter your admin token.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(trimmed, await fetchRole(trimmed));
    } catch (reason) {
      setError(reason instanceof ApiError && reason.status === 401 ? new Error('This token is not accepted by the catalog service. Check it and try again.') : reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} className="card sign-in-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">sdp console</h1>
        <p>Sign in with an admin token (one of the tokens in the services&apos; SDP_ADMIN_TOKENS). It is kept for this browser tab only.</p>
        <div className="field">
          <label htmlFor="token">Admin token</label>
          <input id="token" type="password" autoComplete="current-password" value={token} onChange={(event) => setToken(event.target.value)} autoFocus />
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
