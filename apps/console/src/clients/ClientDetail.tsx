import { useState } from 'react';
import { useSession } from '../api/session';
import { ClientData } from '../api/types';
import { useLoad } from '../api/use-load';
import { navigate } from '../app/router';
import { DetailHeader } from '../components/DetailHeader';
import { ErrorMessage, LoadState } from '../components/feedback';
import { formatDate } from '../components/format';
import { PropertyList } from '../components/PropertyList';
import { useDeleteAndLeave } from '../components/use-delete-and-leave';
import { ClientAdvertisementsPanel } from './ClientAdvertisementsPanel';
import { ClientCollectionsPanel } from './ClientCollectionsPanel';
import { ClientName } from './ClientName';
import { InventoryPanel } from './InventoryPanel';

export function ClientDetail({ id }: { id: string }) {
  const { api, canWrite, canDelete, isAdmin } = useSession();
  const [error, setError] = useState<unknown>(undefined);
  const client = useLoad((signal) => api.get<ClientData>('targeting', `/clients/${encodeURIComponent(id)}`, undefined, signal), [api, id]);

  const change = async (patch: Partial<Pick<ClientData, 'approved' | 'blocked'>>) => {
    setError(undefined);
    try {
      await api.patch('targeting', `/clients/${encodeURIComponent(id)}`, patch);
      client.reload();
    } catch (reason) {
      setError(reason);
    }
  };

  /** A registration that claimed another client's hardware ID without its key: merge, keep or refuse it. */
  const resolve = async (resolution: 'merge' | 'keep' | 'refuse', conflictsWith: string) => {
    setError(undefined);
    try {
      await api.post<ClientData>('targeting', `/clients/${encodeURIComponent(id)}/resolution`, { resolution });
      // A merged record is gone: show the client it became.
      if (resolution === 'merge') navigate(`/clients/${encodeURIComponent(conflictsWith)}`);
      else client.reload();
    } catch (reason) {
      setError(reason);
    }
  };

  const remove = useDeleteAndLeave({
    question: `Delete client ${client.data?.name ?? id}${client.data ? ` (${id})` : ''}? It must register again to get policy.`,
    service: 'targeting',
    path: `/clients/${encodeURIComponent(id)}`,
    leaveTo: '/clients',
    onError: setError,
  });

  return (
    <LoadState what={`client ${id}`} {...client}>
      {(data) => (
        <article aria-labelledby="client-title">
          <DetailHeader
            list={{ name: 'Clients', path: '/clients' }}
            crumb={data.name}
            titleId="client-title"
            title={data.name}
            onDelete={canDelete ? () => void remove() : undefined}
          >
            {canWrite ? (
              <>
                <button type="button" onClick={() => void change({ approved: !data.approved })}>
                  {data.approved ? 'Revoke approval' : 'Approve'}
                </button>
                <button type="button" className={data.blocked ? undefined : 'danger'} onClick={() => void change({ blocked: !data.blocked })}>
                  {data.blocked ? 'Unblock' : 'Block'}
                </button>
              </>
            ) : null}
          </DetailHeader>
          <ErrorMessage error={error} />
          {data.conflictsWith ? (
            <section className="panel" aria-labelledby="conflict-title">
              <h2 id="conflict-title">Hardware ID conflict</h2>
              <p>
                This computer registered with the hardware ID of another client, <ClientName id={data.conflictsWith} />, but could not prove it holds
                that client&apos;s key, so it got nothing. Merge it into that client (which then takes this computer&apos;s key; its old tokens stop working), keep both as
                separate clients, or refuse it.
              </p>
              {isAdmin ? (
                <div className="actions">
                  <button type="button" onClick={() => void resolve('merge', data.conflictsWith!)}>
                    Merge
                  </button>
                  <button type="button" onClick={() => void resolve('keep', data.conflictsWith!)}>
                    Keep both
                  </button>
                  <button type="button" className="danger" onClick={() => void resolve('refuse', data.conflictsWith!)}>
                    Refuse
                  </button>
                </div>
              ) : null}
            </section>
          ) : null}
          <section className="panel" aria-label="Properties">
            <PropertyList
              rows={[
                ['Client ID', data.id],
                ['Hardware ID', data.hardwareId],
                ['OS', `${data.os.name} ${data.os.version} ${data.os.arch}`],
                ['Site', data.siteCode],
                ['Registered', formatDate(data.registeredAt)],
                ['Last seen', formatDate(data.lastSeenAt)],
                ['Approved', data.approved ? 'yes' : 'no'],
                ['Blocked', data.blocked ? 'yes — its token is refused everywhere' : 'no'],
                ['Key generation', String(data.keyGeneration ?? 0)],
              ]}
            />
          </section>
          <InventoryPanel client={data} />
          <ClientCollectionsPanel clientId={data.id} />
          <ClientAdvertisementsPanel clientId={data.id} clientName={data.name} />
        </article>
      )}
    </LoadState>
  );
}
