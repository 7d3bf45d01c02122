import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { AdvertisementExplain, ClientData, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorMessage } from '../components/feedback';

/** Why a client does or does not get the advertisement, check by check. */
export function ExplainAdvertisement({ advertisementId }: { advertisementId: string }) {
  const { api } = useSession();
  const [clientId, setClientId] = useState('');
  const [result, setResult] = useState<AdvertisementExplain | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const clients = useLoad((signal) => api.get<Page<ClientData>>('targeting', '/clients', { limit: 100 }, signal), [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(null);
    try {
      setResult(await api.get<AdvertisementExplain>('advertisement', `/clients/${encodeURIComponent(clientId.trim())}/explain`, { advertisementId }));
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div>
      <form className="inline-form" onSubmit={submit} aria-label="Explain for a client">
        <label htmlFor="ad-explain-client">Client</label>
        <input id="ad-explain-client" list="ad-explain-clients" value={clientId} onChange={(event) => setClientId(event.target.value)} placeholder="Client ID" />
        <datalist id="ad-explain-clients">
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
          <p>
            <strong>{result.applies ? 'The client gets this advertisement' : 'The client does not get this advertisement'}</strong>
            {result.excludedBy ? ` — stopped by: ${result.excludedBy}` : ''}
            {result.network ? ` · network: ${result.network}` : ''}
            {result.contentReady !== undefined ? ` · content ${result.contentReady ? 'ready' : 'not ready'}` : ''}
          </p>
          <ul className="checks">
            {result.checks.map((check) => (
              <li key={check.condition} className={check.passed ? 'check-pass' : 'check-fail'}>
                {check.passed ? '✔' : '✘'} {check.condition}: {check.detail}
              </li>
            ))}
          </ul>
          {result.locations && result.locations.length > 0 ? <p>Content locations: {result.locations.map((location) => `${location.distributionPoint} (${location.tier})`).join(', ')}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
