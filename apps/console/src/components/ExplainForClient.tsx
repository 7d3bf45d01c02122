import { FormEvent, ReactNode, useState } from 'react';
import { useSession } from '../api/session';
import { ClientData, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorMessage } from './feedback';

/**
 * Pick a client (typed, or chosen from the first clients the targeting service lists), ask why
 * it gets something or not, and show the answer.
 */
export function ExplainForClient<TExplain extends object>({ label, idPrefix, explain, children }: {
  /** The accessible name of the form. */
  label: string;
  /** Makes the ids of the input and its list unique on the page. */
  idPrefix: string;
  explain(clientId: string): Promise<TExplain>;
  children(result: TExplain): ReactNode;
}) {
  const { api } = useSession();
  const [clientId, setClientId] = useState('');
  const [result, setResult] = useState<TExplain | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const clients = useLoad((signal) => api.get<Page<ClientData>>('targeting', '/clients', { limit: 100 }, signal), [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(null);
    try {
      setResult(await explain(clientId.trim()));
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div>
      <form className="inline-form" onSubmit={submit} aria-label={label}>
        <label htmlFor={`${idPrefix}-client`}>Client</label>
        <input id={`${idPrefix}-client`} list={`${idPrefix}-clients`} value={clientId} onChange={(event) => setClientId(event.target.value)} placeholder="Client ID" />
        <datalist id={`${idPrefix}-clients`}>
          {clients.data?.items.map((client) => (
            <option key={client.id} value={client.id}>
              {client.name}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={!clientId.trim()}>
          Explain
        </button>
      </form>
      <ErrorMessage error={error} title="Could not explain" />
      {result ? (
        <div className="explain" role="status">
          {children(result)}
        </div>
      ) : null}
    </div>
  );
}
