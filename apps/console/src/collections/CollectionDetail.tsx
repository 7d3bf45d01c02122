import { useState } from 'react';
import { useSession } from '../api/session';
import { ClientData, CollectionData } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link } from '../app/router';
import { ClientName } from '../clients/ClientName';
import { ErrorMessage, Notice } from '../components/feedback';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { useDeleteAndLeave } from '../components/use-delete-and-leave';
import { CollectionForm } from './CollectionForm';
import { ExplainMembership } from './ExplainMembership';
import { MaintenanceWindows } from './MaintenanceWindows';

function Members({ collectionId, version }: { collectionId: string; version: number }) {
  const { api } = useSession();
  // A new membership version starts again at the first page.
  const members = useCursorPages<ClientData>((page, signal) => api.get('targeting', `/collections/${encodeURIComponent(collectionId)}/members`, page, signal), [api, collectionId, version]);
  return (
    <PagedList what="members" list={members} empty="No members.">
      {(items) => (
        <div className="table-wrap">
          <table aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">OS</th>
                <th scope="col">Site</th>
                <th scope="col">Last seen</th>
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
                  <td>{client.siteCode}</td>
                  <td>{formatDate(client.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PagedList>
  );
}

export function CollectionDetail({ collection, collections, onChanged }: { collection: CollectionData; collections: CollectionData[]; onChanged(): void }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const editable = canWrite && !collection.builtIn;

  const evaluate = async () => {
    setError(undefined);
    try {
      const result = await api.post<{ memberCount: number; added: number; removed: number; tookMs: number }>('targeting', `/collections/${collection.id}/evaluate`);
      setNotice(`Evaluated in ${result.tookMs} ms: ${result.memberCount} members (${result.added} added, ${result.removed} removed).`);
      onChanged();
    } catch (reason) {
      setError(reason);
    }
  };

  const remove = useDeleteAndLeave({
    question: `Delete collection ${collection.id}?`,
    service: 'targeting',
    path: `/collections/${collection.id}`,
    leaveTo: '/collections',
    onError: setError,
    onLeft: onChanged,
  });

  return (
    <article aria-labelledby="collection-title" className="collection-detail">
      <div className="page-header">
        <h2 id="collection-title">
          {collection.name} <span className="muted">{collection.id}</span>
        </h2>
        <div className="actions">
          {editable && !editing ? (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {canWrite ? (
            <button type="button" onClick={() => void evaluate()}>
              Evaluate now
            </button>
          ) : null}
          {canDelete && !collection.builtIn ? (
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete
            </button>
          ) : null}
        </div>
      </div>
      <ErrorMessage error={error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {collection.builtIn ? <p className="muted">Built-in collection: read-only.</p> : null}
      {editing ? (
        <CollectionForm
          collections={collections}
          existing={collection}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : (
        <section className="panel" aria-label="Rules">
          <p>
            Limited to {collection.limitingCollectionId ?? '—'}
            {collection.comment ? ` · ${collection.comment}` : ''} · {collection.refresh.incremental ? 'incremental' : 'no incremental'} updates, full evaluation{' '}
            {collection.refresh.fullEveryMinutes ? `every ${collection.refresh.fullEveryMinutes} min` : 'on change only'}
          </p>
          <ul className="plain-list">
            {collection.rules.map((rule, index) => (
              <li key={index}>
                <span className="badge">{rule.type}</span>{' '}
                {rule.type === 'query' ? (
                  <>
                    {rule.name}: <code>{rule.expression}</code>
                  </>
                ) : rule.type === 'direct' ? (
                  <ClientName id={rule.clientId} />
                ) : (
                  rule.collectionId
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel" aria-labelledby="members-title">
        <h3 id="members-title">Members</h3>
        <Members collectionId={collection.id} version={collection.membershipVersion} />
      </section>
      <section className="panel" aria-labelledby="windows-title">
        <h3 id="windows-title">Maintenance windows</h3>
        <MaintenanceWindows collectionId={collection.id} windows={collection.maintenanceWindows} editable={editable} onChanged={onChanged} />
      </section>
      <section className="panel" aria-labelledby="explain-title">
        <h3 id="explain-title">Explain membership</h3>
        <ExplainMembership collectionId={collection.id} />
      </section>
    </article>
  );
}
