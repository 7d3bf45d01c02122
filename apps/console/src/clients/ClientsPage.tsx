import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { ClientData, CollectionData } from '../api/types';
import { readAllPages, useCursorPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { SelectField, TextField } from '../components/fields';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { useDebounced } from '../components/use-debounced';
import { approvalOf, ariaSort, ClientFilters, ClientSort, clientListParams, hasFilters, nextSort, NO_FILTERS, SortColumn } from './client-list-model';

/** Typed filters wait this long after the last key before the list is read again. */
const TYPING_DELAY_MS = 300;

const COLUMNS: { column: SortColumn | null; title: string }[] = [
  { column: 'name', title: 'Name' },
  { column: 'os', title: 'OS' },
  { column: null, title: 'Addresses' },
  { column: 'siteCode', title: 'Site' },
  { column: 'lastSeenAt', title: 'Last seen' },
  { column: 'registeredAt', title: 'Registered' },
  { column: null, title: 'State' },
];

function ClientState({ client }: { client: ClientData }) {
  if (client.conflictsWith) return <span className="badge badge-warn">conflict</span>;
  const approval = approvalOf(client);
  if (approval === 'blocked') return <span className="badge badge-bad">blocked</span>;
  return approval === 'approved' ? <span className="badge badge-ok">approved</span> : <span className="badge badge-warn">not approved</span>;
}

export function ClientsPage() {
  const { api } = useSession();
  const [filters, setFilters] = useState<ClientFilters>(NO_FILTERS);
  const [draftQuery, setDraftQuery] = useState('');
  const [sort, setSort] = useState<ClientSort | null>(null);
  // What is typed is read once typing pauses; what is picked, at once.
  const typedName = useDebounced(filters.name, TYPING_DELAY_MS);
  const typedSite = useDebounced(filters.siteCode, TYPING_DELAY_MS);
  const params = clientListParams({ ...filters, name: typedName, siteCode: typedSite }, sort);
  const paramsKey = JSON.stringify(params);
  const clients = useCursorPages<ClientData>((page, signal) => api.get('targeting', '/clients', { ...params, ...page }, signal), [api, paramsKey], {
    keepRowsUntilReplaced: true,
  });
  const collections = useLoad(() => readAllPages<CollectionData>((page) => api.get('targeting', '/collections', page), 2000), [api]);

  const set = (field: keyof ClientFilters) => (value: string) => setFilters((current) => ({ ...current, [field]: value }));

  const submitQuery = (event: FormEvent) => {
    event.preventDefault();
    // The same query again reads the list afresh.
    if (draftQuery.trim() === filters.query) clients.reload();
    else set('query')(draftQuery.trim());
  };

  const filtered = hasFilters(filters);
  return (
    <section aria-labelledby="clients-title">
      <div className="page-header">
        <h1 id="clients-title">Clients</h1>
      </div>
      <form className="panel" aria-label="Filter clients" onSubmit={submitQuery}>
        <div className="form-grid">
          <TextField label="Name" value={filters.name} onChange={set('name')} placeholder="part of the name" hint="Filters as you type" />
          <SelectField
            label="OS"
            value={filters.os}
            onChange={set('os')}
            options={[{ value: '', label: 'Any' }, 'windows', 'linux', 'macos']}
          />
          <SelectField
            label="Collection"
            value={filters.collectionId}
            onChange={set('collectionId')}
            options={[{ value: '', label: collections.data ? 'Any' : 'Any (loading collections…)' }, ...(collections.data ?? []).map((collection) => ({ value: collection.id, label: `${collection.name} (${collection.id})` }))]}
          />
          <TextField label="Site" value={filters.siteCode} onChange={set('siteCode')} placeholder="S01" maxLength={3} />
          <TextField label="Last seen after" type="datetime-local" value={filters.lastSeenAfter} onChange={set('lastSeenAfter')} />
          <TextField label="Last seen before" type="datetime-local" value={filters.lastSeenBefore} onChange={set('lastSeenBefore')} />
          <SelectField
            label="Approval"
            value={filters.approval}
            onChange={set('approval') as (value: string) => void}
            options={[
              { value: '', label: 'Any' },
              { value: 'approved', label: 'Approved' },
              { value: 'pending', label: 'Waiting for approval' },
              { value: 'blocked', label: 'Blocked' },
            ]}
          />
        </div>
        <div className="inline-form">
          <label htmlFor="client-query">Query</label>
          <input id="client-query" className="code wide" value={draftQuery} onChange={(event) => setDraftQuery(event.target.value)} placeholder="inventory.department = 'Finance'" />
          <button type="submit">Filter</button>
          {filtered ? (
            <button
              type="button"
              onClick={() => {
                setDraftQuery('');
                setFilters(NO_FILTERS);
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
      </form>
      <PagedList what="clients" list={clients} empty={filtered ? 'No client matches the filters.' : 'No clients have registered yet. Clients register with the enrollment secret.'}>
        {(items) => (
          <div className="table-wrap">
            <table aria-label="Clients" aria-busy={clients.loading === 'first'}>
              <thead>
                <tr>
                  {COLUMNS.map(({ column, title }) =>
                    column ? (
                      <th key={title} scope="col" aria-sort={ariaSort(sort, column)}>
                        <button type="button" onClick={() => setSort(nextSort(sort, column))} title={`Sort by ${title}`}>
                          {title}
                          {sort?.column === column ? <span aria-hidden="true">{sort.order === 'asc' ? ' ▲' : ' ▼'}</span> : null}
                        </button>
                      </th>
                    ) : (
                      <th key={title} scope="col">
                        {title}
                      </th>
                    ),
                  )}
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
                    <td>{formatDate(client.registeredAt)}</td>
                    <td>
                      <ClientState client={client} />
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
