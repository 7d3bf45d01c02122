import { useState } from 'react';
import { useSession } from '../api/session';
import { PackageData } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { Link, navigate } from '../app/router';
import { formatBytes, formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { useDebounced } from '../components/use-debounced';
import { ImportDefinition } from './ImportDefinition';
import { PackageForm } from './PackageForm';

export function PackagesPage() {
  const { api, canWrite } = useSession();
  const [search, setSearch] = useState('');
  const [panel, setPanel] = useState<'create' | 'import' | null>(null);
  const q = useDebounced(search.trim(), 250);
  const packages = useCursorPages<PackageData>((page, signal) => api.get('catalog', '/packages', { q, ...page }, signal), [api, q]);

  return (
    <section aria-labelledby="packages-title">
      <div className="page-header">
        <h1 id="packages-title">Packages</h1>
        {canWrite && panel === null ? (
          <div className="row-actions">
            <button type="button" onClick={() => setPanel('import')}>
              Import definition
            </button>
            <button type="button" className="primary" onClick={() => setPanel('create')}>
              New package
            </button>
          </div>
        ) : null}
      </div>
      {panel === 'create' ? <PackageForm onSaved={(pkg) => navigate(`/packages/${pkg.id}`)} onCancel={() => setPanel(null)} /> : null}
      {panel === 'import' ? <ImportDefinition onImported={(result) => navigate(`/packages/${result.package.id}`)} onCancel={() => setPanel(null)} /> : null}
      <div className="toolbar">
        <label htmlFor="package-search">Search</label>
        <input id="package-search" type="search" placeholder="Name or manufacturer" value={search} onChange={(event) => setSearch(event.target.value)} />
      </div>
      <PagedList what="packages" list={packages} empty={q ? `No package matches “${q}”.` : 'No packages yet. Create one to start.'}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Name</th>
                  <th scope="col">Version</th>
                  <th scope="col">Manufacturer</th>
                  <th scope="col">Source</th>
                  <th scope="col">Size</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((pkg) => (
                  <tr key={pkg.id}>
                    <td>
                      <Link to={`/packages/${pkg.id}`}>{pkg.id}</Link>
                    </td>
                    <td>{pkg.name}</td>
                    <td>{pkg.version || '—'}</td>
                    <td>{pkg.manufacturer || '—'}</td>
                    <td>{pkg.hasSource ? (pkg.sourceVersion > 0 ? `version ${pkg.sourceVersion}` : 'not uploaded') : 'command only'}</td>
                    <td>{pkg.hasSource ? `${formatBytes(pkg.sizeBytes)} · ${pkg.fileCount} files` : '—'}</td>
                    <td>{formatDate(pkg.updatedAt)}</td>
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
