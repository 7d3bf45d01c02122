import { useSession } from '../api/session';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { LoadState } from '../components/feedback';
import { ClientCollections, clientPaths } from './computer-api';

/** The collections the computer is in, each with the rule(s) that put it there. */
export function ClientCollectionsPanel({ clientId }: { clientId: string }) {
  const { api } = useSession();
  const collections = useLoad((signal) => api.get<ClientCollections>('targeting', clientPaths.collections(clientId), undefined, signal), [api, clientId]);
  return (
    <section className="panel" aria-labelledby="client-collections-title">
      <h2 id="client-collections-title">Collections</h2>
      <LoadState what="collections" {...collections} isEmpty={(data) => data.items.length === 0} empty="The computer is in no collection.">
        {(data) => (
          <div className="table-wrap">
            <table aria-label="Collections of the computer">
              <thead>
                <tr>
                  <th scope="col">Collection</th>
                  <th scope="col">Why it is a member</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.collectionId}>
                    <td>
                      <Link to={`/collections/${encodeURIComponent(item.collectionId)}`}>{item.collectionName}</Link> <span className="muted">{item.collectionId}</span>
                    </td>
                    <td>
                      <ul className="plain-list">
                        {item.rules.map((rule, index) => (
                          <li key={index}>
                            <span className="badge">{rule.kind}</span> {rule.description}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </section>
  );
}
