import { useSession } from '../api/session';
import { ClientData } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';

/** A client named where only its ID is at hand: its name first (linking to its page), then the ID. */
export function ClientName({ id }: { id: string }) {
  const { api } = useSession();
  const client = useLoad((signal) => api.get<ClientData>('targeting', `/clients/${encodeURIComponent(id)}`, undefined, signal), [api, id]);
  const name = client.data?.name ?? (client.loading ? '…' : 'unknown computer');
  return (
    <>
      <Link to={`/clients/${encodeURIComponent(id)}`}>{name}</Link> <span className="muted">{id}</span>
    </>
  );
}
