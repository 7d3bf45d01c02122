import { FormEvent, ReactNode, useState } from 'react';
import { ClientRefField } from '../clients/ClientRefField';
import { ErrorMessage } from './feedback';

/**
 * Pick a client (by its name or ID, names suggested as they are typed), ask why it gets something
 * or not, and show the answer.
 */
export function ExplainForClient<TExplain extends object>({ label, idPrefix, explain, children }: {
  /** The accessible name of the form. */
  label: string;
  /** Makes the ids of the input and its list unique on the page. */
  idPrefix: string;
  explain(clientId: string): Promise<TExplain>;
  children(result: TExplain): ReactNode;
}) {
  const [clientId, setClientId] = useState('');
  const [result, setResult] = useState<TExplain | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(null);
    try {
      setResult(await explain(clientId));
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div>
      <form className="inline-form" onSubmit={submit} aria-label={label}>
        <ClientRefField
          id={`${idPrefix}-client`}
          label="Client"
          value={clientId}
          onChange={(next) => {
            // An answer about another computer must not stay next to this one's name.
            if (next !== clientId) setResult(null);
            setClientId(next);
          }}
        />
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
