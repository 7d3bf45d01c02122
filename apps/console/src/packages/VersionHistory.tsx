import { useState } from 'react';
import { useSession } from '../api/session';
import { Manifest, Page, SourceVersion } from '../api/types';
import { useLoad } from '../api/use-load';
import { LoadState } from '../components/feedback';
import { formatBytes, formatDate } from '../components/format';
import { compareManifests } from './manifest-diff';

function ManifestView({ packageId, version }: { packageId: string; version: number }) {
  const { api } = useSession();
  const base = `/packages/${encodeURIComponent(packageId)}/source-versions`;
  const manifests = useLoad(
    async (signal) => {
      const current = await api.get<Manifest>('catalog', `${base}/${version}`, undefined, signal);
      const previous = version > 1 ? await api.get<Manifest>('catalog', `${base}/${version - 1}`, undefined, signal).catch(() => null) : null;
      return { current, previous };
    },
    [api, base, version],
  );
  return (
    <LoadState what={`manifest of version ${version}`} {...manifests}>
      {({ current, previous }) => {
        const diff = compareManifests(previous?.files ?? [], current.files);
        return (
          <div className="manifest">
            <p>
              Digest <code>{current.manifestDigest}</code>. Compared with {previous ? `version ${previous.version}` : 'nothing (first version)'}: {diff.added.length} added, {diff.changed.length} changed,{' '}
              {diff.removed.length} removed.
            </p>
            {diff.removed.length > 0 ? (
              <p>
                Removed: {diff.removed.slice(0, 20).join(', ')}
                {diff.removed.length > 20 ? ` and ${diff.removed.length - 20} more` : ''}
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Path</th>
                    <th scope="col">Size</th>
                    <th scope="col">Mode</th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">In this version</th>
                  </tr>
                </thead>
                <tbody>
                  {current.files.map((file) => (
                    <tr key={file.path}>
                      <td>{file.path}</td>
                      <td>{formatBytes(file.size)}</td>
                      <td>{file.mode.toString(8)}</td>
                      <td>
                        <code title={file.sha256}>{file.sha256.slice(0, 16)}…</code>
                      </td>
                      <td>{diff.added.includes(file.path) ? <span className="badge badge-ok">added</span> : diff.changed.includes(file.path) ? <span className="badge badge-warn">changed</span> : 'unchanged'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      }}
    </LoadState>
  );
}

export function VersionHistory({ packageId, refreshKey }: { packageId: string; refreshKey: number }) {
  const { api } = useSession();
  const [open, setOpen] = useState<number | null>(null);
  const versions = useLoad((signal) => api.get<Page<SourceVersion>>('catalog', `/packages/${encodeURIComponent(packageId)}/source-versions`, undefined, signal), [api, packageId, refreshKey]);
  return (
    <LoadState what="source versions" {...versions} isEmpty={(data) => data.items.length === 0} empty="No source published yet. Upload a folder to publish version 1.">
      {(data) => (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col">Files</th>
                  <th scope="col">Size</th>
                  <th scope="col">New bytes stored</th>
                  <th scope="col">Manifest</th>
                </tr>
              </thead>
              <tbody>
                {[...data.items].reverse().map((item) => (
                  <tr key={item.version}>
                    <td>{item.version}</td>
                    <td>{formatDate(item.publishedAt)}</td>
                    <td>{item.fileCount}</td>
                    <td>{formatBytes(item.sizeBytes)}</td>
                    <td>{formatBytes(item.newBytes)}</td>
                    <td>
                      <button type="button" aria-expanded={open === item.version} onClick={() => setOpen(open === item.version ? null : item.version)}>
                        {open === item.version ? 'Hide' : 'Show'} manifest
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open !== null ? <ManifestView packageId={packageId} version={open} /> : null}
        </>
      )}
    </LoadState>
  );
}
