import { useState } from 'react';
import { useSession } from '../api/session';
import { PackageData } from '../api/types';
import { useLoad } from '../api/use-load';
import { PackageDistribution } from '../distribution/PackageDistribution';
import { DetailHeader } from '../components/DetailHeader';
import { ErrorMessage, LoadState, Notice } from '../components/feedback';
import { formatBytes, formatDate } from '../components/format';
import { Property, PropertyList } from '../components/PropertyList';
import { useDeleteAndLeave } from '../components/use-delete-and-leave';
import { isConflict, mergeNames, useNames } from '../components/use-names';
import { PackageForm } from './PackageForm';
import { ProgramsPanel } from './ProgramsPanel';
import { SourceUpload } from './SourceUpload';
import { VersionHistory } from './VersionHistory';

function Properties({ pkg }: { pkg: PackageData }) {
  const rows: Property[] = [
    ['Version', pkg.version || '—'],
    ['Manufacturer', pkg.manufacturer || '—'],
    ['Language', pkg.language || '—'],
    ['Priority', pkg.priority],
    ['Has source', pkg.hasSource ? 'yes' : 'no (command only)'],
    ['Persist in cache', pkg.persistInCache ? 'yes' : 'no'],
    ['Source version', pkg.sourceVersion > 0 ? `${pkg.sourceVersion} (${formatDate(pkg.sourceDate)})` : 'none yet'],
    ['Size', `${formatBytes(pkg.sizeBytes)} in ${pkg.fileCount} files`],
    ['Source location', pkg.sourceLocation ?? 'uploaded through the console or CLI'],
    ['Refresh schedule', pkg.sourceRefreshMinutes ? `every ${pkg.sourceRefreshMinutes} minutes` : 'on request'],
    ['Description', pkg.description || '—'],
  ];
  return <PropertyList rows={rows} />;
}

export function PackageDetail({ id }: { id: string }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const pkg = useLoad((signal) => api.get<PackageData>('catalog', `/packages/${encodeURIComponent(id)}`, undefined, signal), [api, id]);
  // A 409 names the advertisements and packages that still use this one: by name too.
  const conflict = isConflict(actionError);
  const advertisementNames = useNames('advertisement', '/advertisements', conflict);
  const packageNames = useNames('catalog', '/packages', conflict);

  const remove = useDeleteAndLeave({
    question: `Delete package ${id}? It is removed from every distribution point.`,
    service: 'catalog',
    path: `/packages/${encodeURIComponent(id)}`,
    leaveTo: '/packages',
    onError: setActionError,
  });

  const refreshSource = async () => {
    setActionError(undefined);
    setNotice(null);
    try {
      await api.post('catalog', `/packages/${encodeURIComponent(id)}/source/refresh`);
      setNotice('Source re-read from its location; a new version is published only if something changed.');
      pkg.reload();
      setVersionsKey((key) => key + 1);
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <LoadState what={`package ${id}`} {...pkg}>
      {(data) => (
        <article aria-labelledby="package-title">
          <DetailHeader
            list={{ name: 'Packages', path: '/packages' }}
            titleId="package-title"
            title={data.name}
            id={data.id}
            onEdit={canWrite && !editing ? () => setEditing(true) : undefined}
            onDelete={canDelete ? () => void remove() : undefined}
          >
            {canWrite && data.sourceLocation ? (
              <button type="button" onClick={() => void refreshSource()}>
                Update from source location
              </button>
            ) : null}
          </DetailHeader>
          <ErrorMessage error={actionError} names={mergeNames(packageNames, advertisementNames, new Map([[data.id, data.name]]))} />
          {notice ? <Notice>{notice}</Notice> : null}
          {editing ? (
            <PackageForm
              existing={data}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                pkg.reload();
              }}
            />
          ) : (
            <section className="panel" aria-label="Properties">
              <Properties pkg={data} />
            </section>
          )}
          <ProgramsPanel packageId={data.id} />
          {data.hasSource ? (
            <section className="panel" aria-labelledby="source-title">
              <h2 id="source-title">Source files</h2>
              {canWrite ? (
                <SourceUpload
                  packageId={data.id}
                  currentVersion={data.sourceVersion}
                  onPublished={() => {
                    pkg.reload();
                    setVersionsKey((key) => key + 1);
                  }}
                />
              ) : null}
              <h3>Version history</h3>
              <VersionHistory packageId={data.id} refreshKey={versionsKey} />
            </section>
          ) : null}
          {data.hasSource ? (
            <section className="panel" aria-labelledby="distribution-title">
              <h2 id="distribution-title">Distribution</h2>
              {data.sourceVersion > 0 ? <PackageDistribution packageId={data.id} /> : <p className="empty">Upload the source first; then distribute it to distribution points.</p>}
            </section>
          ) : null}
        </article>
      )}
    </LoadState>
  );
}
