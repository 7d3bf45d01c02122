import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { ClientData } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link } from '../app/router';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';

export function ClientsPage() {
  const { api } = useSession();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const clients = useCursorPages<ClientData>((page, signal) => api.get('targeting', '/clients', { query, ...page }, signal), [api, query]);

  /** A new query starts again at the first page; the same one again reads it afresh. */
  const show = (next: string) => {
    if (next === query) clients.reload();
    else setQuery(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    show(draft.trim());
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
              show('');
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      <PagedList what="clients" list={clients} empty={query ? 'No client matches the query.' : 'No clients have registered yet. Clients register with the enrollment secret.'}>
        {(items) => (
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
                {items.map((client) => (
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
                      {client.blocked ? <span className="badge badge-bad">blocked</span> : client.conflictsWith ? <span className="badge badge-warn">conflict</span> : client.approved ? <span className="badge badge-ok">approved</span> : <span className="badge badge-warn">not approved</span>}
                    </td>
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
