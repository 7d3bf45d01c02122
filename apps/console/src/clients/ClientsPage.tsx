import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { ClientData, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { LoadState } from '../components/feedback';
import { formatDate } from '../components/format';

export function ClientsPage() {
  const { api } = useSession();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const clients = useLoad((signal) => api.get<Page<ClientData>>('targeting', '/clients', { query, limit: 50, cursor }, signal), [api, query, cursor]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCursors([]);
    setQuery(draft.trim());
  };

  return (
    <section aria-labelledby="clients-title">
      <div className="page-header">
        <h1 id="clients-title">Clients</h1>
      </div>
      <form className="inline-form" onSubmit={submit} aria-label="Filter clients">
        <label htmlFor="client-query">Query</label>
        <input id="client-query" className="code wide" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="os.name = 'linux' AND inventory.department = 'Finance'" />
        <button type="submit">Filter</button>
        {query ? (
          <button
            type="button"
            onClick={() => {
              setDraft('');
              setQuery('');
              setCursors([]);
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      <LoadState what="clients" {...clients} isEmpty={(data) => data.items.length === 0} empty={query ? 'No client matches the query.' : 'No clients have registered yet. Clients register with the enrollment secret.'}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">OS</th>
                    <th scope="col">Addresses</th>
                    <th scope="col">Site</th>
                    <th scope="col">Last seen</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((client) => (
                    <tr key={client.id}>
                      <td>
                        <Link to={`/clients/${client.id}`}>{client.name}</Link>
                      </td>
                      <td>
                        {client.os.name} {client.os.version} {client.os.arch}
                      </td>
                      <td>{client.ipAddresses.join(', ')}</td>
                      <td>{client.siteCode}</td>
                      <td>{formatDate(client.lastSeenAt)}</td>
                      <td>
                        {client.blocked ? <span className="badge badge-bad">blocked</span> : client.approved ? <span className="badge badge-ok">approved</span> : <span className="badge badge-warn">not approved</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="actions">
              {cursors.length > 0 ? (
                <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                  Previous page
                </button>
              ) : null}
              {data.nextCursor ? (
                <button type="button" onClick={() => setCursors([...cursors, data.nextCursor as string])}>
                  Next page
                </button>
              ) : null}
            </div>
          </>
        )}
      </LoadState>
    </section>
  );
}
