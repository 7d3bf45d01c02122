import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { ClientData, CollectionExplain, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorMessage } from '../components/feedback';

function ruleText(rule: CollectionExplain['rules'][number]['rule']): string {
  if (rule.type === 'query') return `query “${rule.name}”: ${rule.expression}`;
  if (rule.type === 'direct') return `direct: ${rule.clientId}`;
  return `${rule.type}: ${rule.collectionId}`;
}

/** Why one client is or is not a member, rule by rule. */
export function ExplainMembership({ collectionId }: { collectionId: string }) {
  const { api } = useSession();
  const [clientId, setClientId] = useState('');
  const [result, setResult] = useState<CollectionExplain | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const clients = useLoad((signal) => api.get<Page<ClientData>>('targeting', '/clients', { limit: 100 }, signal), [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(null);
    try {
      setResult(await api.get<CollectionExplain>('targeting', `/collections/${encodeURIComponent(collectionId)}/explain`, { clientId: clientId.trim() }));
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div>
      <form className="inline-form" onSubmit={submit} aria-label="Explain membership">
        <label htmlFor="explain-client">Client</label>
        <input id="explain-client" list="explain-clients" value={clientId} onChange={(event) => setClientId(event.target.value)} placeholder="Client ID" />
        <datalist id="explain-clients">
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
            <strong>{result.member ? 'Member' : 'Not a member'}</strong>: {result.reason}
          </p>
          {result.limiting ? (
            <p>
              Limiting collection {result.limiting.collectionId}: {result.limiting.member ? 'the client is in it' : 'the client is not in it'}
            </p>
          ) : null}
          <ul className="checks">
            {result.rules.map((item, index) => (
              <li key={index} className={item.matched ? 'check-pass' : 'check-fail'}>
                {item.matched ? '✔' : '✘'} {ruleText(item.rule)} — {item.matched ? item.effect : 'does not match'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
