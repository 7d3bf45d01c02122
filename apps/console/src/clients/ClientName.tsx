import { useSession } from '../api/session';
import { ClientData } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';

/**
 * A computer named where only its ID is at hand: its name first, linking to its page, then the ID
 * in parentheses; the ID alone until (or unless) its name is known.
 */
export function ClientName({ id }: { id: string }) {
  const { api } = useSession();
  const client = useLoad((signal) => api.get<ClientData>('targeting', `/clients/${encodeURIComponent(id)}`, undefined, signal), [api, id]);
  const name = client.data?.name;
  if (!name) {
    return <Link to={`/clients/${encodeURIComponent(id)}`}>{client.loading ? id : `${id} (unknown computer)`}</Link>;
  }
  return (
    <>
      <Link to={`/clients/${encodeURIComponent(id)}`}>{name}</Link> <span className="muted">({id})</span>
    </>
  );
}
