import { ChangeEvent, DragEvent, useEffect, useRef, useState } from 'react';
import { useSession } from '../api/session';
import { PublishedVersion } from '../api/types';
import { ErrorMessage, Notice } from '../components/feedback';
import { formatBytes } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';
import { entriesFromDrop, entriesFromFileList, pathProblem } from '../upload/folder-files';
import { buildTar, TarEntry } from '../upload/tar-writer';
import { uploadTar, UploadProgress } from '../upload/upload-tar';

export function SourceUpload({ packageId, onPublished }: { packageId: string; onPublished(version: PublishedVersion): void }) {
  const { api } = useSession();
  const [entries, setEntries] = useState<TarEntry[] | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [published, setPublished] = useState<PublishedVersion | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // React does not know the non-standard attribute; set it on the element itself.
  useEffect(() => {
    input.current?.setAttribute('webkitdirectory', '');
  }, []);

  const choose = (chosen: TarEntry[]) => {
    setPublished(null);
    setError(undefined);
    const problems = chosen.map((entry) => pathProblem(entry.path)).filter(Boolean);
    if (chosen.length === 0) setError(new Error('The folder holds no files.'));
    else if (problems.length > 0) setError(new Error(`These names cannot be uploaded: ${problems.slice(0, 5).join('; ')}`));
    setEntries(chosen.length > 0 && problems.length === 0 ? chosen : null);
  };

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    if (event.target.files) choose(entriesFromFileList(event.target.files));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    entriesFromDrop(event.dataTransfer.items).then(choose, setError);
  };

  const start = async () => {
    if (!entries) return;
    const controller = new AbortController();
    abort.current = controller;
    const tar = buildTar(entries);
    setProgress({ sent: 0, total: tar.size, bytesPerSecond: 0 });
    setError(undefined);
    try {
      const version = await uploadTar(api.token, packageId, tar, setProgress, controller.signal);
      setPublished(version);
      setEntries(null);
      if (input.current) input.current.value = '';
      onPublished(version);
    } catch (reason) {
      setError(reason);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const totalSize = entries?.reduce((sum, entry) => sum + entry.size, 0) ?? 0;
  return (
    <div className="upload">
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop the source folder here, or</p>
        <label className="button-like">
          Choose folder…
          <input ref={input} type="file" multiple className="visually-hidden" onChange={onPick} disabled={progress !== null} data-testid="folder-input" />
        </label>
      </div>
      {entries ? (
        <div className="upload-summary">
          <p>
            {entries.length} files, {formatBytes(totalSize)} ready to upload as version{' '}
            <em>next</em>.
          </p>
          <details>
            <summary>Files</summary>
            <ul className="file-list">
              {entries.slice(0, 200).map((entry) => (
                <li key={entry.path}>
                  {entry.path} <span className="muted">{formatBytes(entry.size)}</span>
                </li>
              ))}
              {entries.length > 200 ? <li className="muted">and {entries.length - 200} more</li> : null}
            </ul>
          </details>
          {progress === null ? (
            <button type="button" className="primary" onClick={() => void start()}>
              Upload and publish
            </button>
          ) : null}
        </div>
      ) : null}
      {progress ? (
        <div className="upload-progress" aria-live="polite">
          <ProgressBar done={progress.sent} total={progress.total} label="Upload progress" />
          <p>
            {formatBytes(progress.sent)} of {formatBytes(progress.total)} · {formatBytes(progress.bytesPerSecond)}/s
            {progress.sent >= progress.total ? ' · the catalog is storing the files…' : ''}
          </p>
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      ) : null}
      <ErrorMessage error={error} title="Upload failed" />
      {published ? (
        <Notice>
          Published version {published.version}: {published.fileCount} files, {formatBytes(published.sizeBytes)} ({formatBytes(published.newBytes)} new).
        </Notice>
      ) : null}
    </div>
  );
}
