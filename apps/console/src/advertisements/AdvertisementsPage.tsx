import { useState } from 'react';
import { useSession } from '../api/session';
import { AdvertisementView } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link, navigate } from '../app/router';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { NamedId, useNames } from '../components/use-names';
import { AdvertisementForm } from './AdvertisementForm';
import { AdvertisementStateBadge } from './AdvertisementState';

export function AdvertisementsPage() {
  const { api, canWrite } = useSession();
  const [creating, setCreating] = useState(false);
  const advertisements = useCursorPages<AdvertisementView>((page, signal) => api.get('advertisement', '/advertisements', page, signal), [api]);
  // One list each, not a request per row: the rows name package and collection, not only their IDs.
  const packageNames = useNames('catalog', '/packages');
  const collectionNames = useNames('targeting', '/collections');
  return (
    <section aria-labelledby="ads-title">
      <div className="page-header">
        <h1 id="ads-title">Advertisements</h1>
        {canWrite && !creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New advertisement
          </button>
        ) : null}
      </div>
      {creating ? <AdvertisementForm onCancel={() => setCreating(false)} onSaved={(ad) => navigate(`/advertisements/${ad.id}`)} /> : null}
      <PagedList what="advertisements" list={advertisements} empty="No advertisements yet. An advertisement offers a program to a collection.">
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Name</th>
                  <th scope="col">Package · program</th>
                  <th scope="col">Collection</th>
                  <th scope="col">Type</th>
                  <th scope="col">Available</th>
                  <th scope="col">State</th>
                  <th scope="col">Rollout</th>
                </tr>
              </thead>
              <tbody>
                {items.map((ad) => (
                  <tr key={ad.id}>
                    <td>
                      <Link to={`/advertisements/${ad.id}`}>{ad.id}</Link>
                    </td>
                    <td>{ad.name}</td>
                    <td>
                      <NamedId id={ad.packageId} names={packageNames} /> · {ad.program}
                    </td>
                    <td>
                      <NamedId id={ad.collectionId} names={collectionNames} />
                    </td>
                    <td>{ad.mandatory.length > 0 ? 'mandatory' : 'optional'}</td>
                    <td>{formatDate(ad.availableAt)}</td>
                    <td>
                      <AdvertisementStateBadge ad={ad} />
                    </td>
                    <td>{ad.rollout ? `${ad.rollout.state} · ${ad.rollout.openPhases}/${ad.rollout.phases} phases` : '—'}</td>
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
