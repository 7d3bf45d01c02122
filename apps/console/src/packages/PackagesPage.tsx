import { useState } from 'react';
import { useSession } from '../api/session';
import { Page, PackageData } from '../api/types';
import { useLoad } from '../api/use-load';
import { Link, navigate } from '../app/router';
import { ErrorMessage, LoadState } from '../components/feedback';
import { formatBytes, formatDate } from '../components/format';
import { useDebounced } from '../components/use-debounced';
import { ImportDefinition } from './ImportDefinition';
import { PackageForm } from './PackageForm';

export function PackagesPage() {
  const { api, canWrite } = useSession();
  const [search, setSearch] = useState('');
  const [panel, setPanel] = useState<'create' | 'import' | null>(null);
  const [extra, setExtra] = useState<{ items: PackageData[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const q = useDebounced(search.trim(), 250);
  const page = useLoad(
    (signal) => {
      setExtra(null);
      return api.get<Page<PackageData>>('catalog', '/packages', { q, limit: 50 }, signal);
    },
    [api, q],
  );

  const loadMore = async (cursor: string) => {
    setMoreError(undefined);
    try {
      const next = await api.get<Page<PackageData>>('catalog', '/packages', { q, limit: 50, cursor });
      setExtra((current) => ({ items: [...(current?.items ?? []), ...next.items], cursor: next.nextCursor }));
    } catch (error) {
      setMoreError(error);
    }
  };
  const cursor = extra ? extra.cursor : page.data?.nextCursor;

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
      <LoadState what="packages" {...page} isEmpty={(data) => data.items.length === 0} empty={q ? `No package matches “${q}”.` : 'No packages yet. Create one to start.'}>
        {(data) => (
          <>
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
                  {[...data.items, ...(extra?.items ?? [])].map((pkg) => (
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
            <ErrorMessage error={moreError} title="Could not load more packages" />
            {cursor ? (
              <button type="button" onClick={() => void loadMore(cursor)}>
                Load more
              </button>
            ) : null}
          </>
        )}
      </LoadState>
    </section>
  );
}
