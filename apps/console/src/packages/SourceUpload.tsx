import { ChangeEvent, DragEvent, useEffect, useRef, useState } from 'react';
import { ARCHIVE_CONTENT_TYPES } from '@sdp/package-files';
import { useSession } from '../api/session';
import { Page, ProgramData, PublishedVersion } from '../api/types';
import { ErrorMessage, Notice } from '../components/feedback';
import { formatBytes } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';
import { ArchiveFile, archiveFileOf } from '../upload/archive-file';
import { withExecutableModes } from '../upload/file-modes';
import { entriesFromDrop, entriesFromFileList, pathProblem } from '../upload/folder-files';
import { buildTar, TarEntry } from '../upload/tar-writer';
import { uploadArchive, UploadProgress } from '../upload/upload-archive';

const ARCHIVE_ACCEPT = '.zip,.tar,.tgz,.tar.gz,application/zip,application/x-tar,application/gzip';

/**
 * Uploads the next source version: a folder (picked or dropped), sent as a tar whose modes come
 * from withExecutableModes since a browser sees none, or one .zip, .tar or .tar.gz file, sent as
 * it is for the catalog to check like any archive.
 */
export function SourceUpload({ packageId, currentVersion, onPublished }: {
  packageId: string;
  /** The package's source version now (0 before the first upload): the upload becomes the next one. */
  currentVersion: number;
  onPublished(version: PublishedVersion): void;
}) {
  const nextVersion = currentVersion + 1;
  const { api } = useSession();
  const [entries, setEntries] = useState<TarEntry[] | null>(null);
  const [archive, setArchive] = useState<ArchiveFile | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [published, setPublished] = useState<PublishedVersion | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const archiveInput = useRef<HTMLInputElement>(null);

  // React does not know the non-standard attribute; set it on the element itself.
  useEffect(() => {
    input.current?.setAttribute('webkitdirectory', '');
  }, []);

  const choose = (chosen: TarEntry[]) => {
    setPublished(null);
    setError(undefined);
    setArchive(null);
    const problems = chosen.map((entry) => pathProblem(entry.path)).filter(Boolean);
    if (chosen.length === 0) setError(new Error('The folder holds no files.'));
    else if (problems.length > 0) setError(new Error(`These names cannot be uploaded: ${problems.slice(0, 5).join('; ')}`));
    setEntries(chosen.length > 0 && problems.length === 0 ? chosen : null);
  };

  const chooseArchive = (chosen: ArchiveFile) => {
    setPublished(null);
    setError(undefined);
    setEntries(null);
    setArchive(chosen);
  };

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    if (event.target.files) choose(entriesFromFileList(event.target.files));
  };

  const onPickArchive = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    archiveFileOf(file).then((chosen) => {
      if (chosen) chooseArchive(chosen);
      else {
        setArchive(null);
        setError(new Error(`${file.name} is not a .zip, .tar or .tar.gz archive.`));
      }
    }, setError);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    // The drop's items are readable only while this handler runs: take what is needed first.
    const items = event.dataTransfer.items;
    const single = items.length === 1 && items[0].webkitGetAsEntry()?.isFile ? items[0].getAsFile() : null;
    const folder = entriesFromDrop(items);
    const dropped = async () => {
      const droppedArchive = single ? await archiveFileOf(single) : undefined;
      if (droppedArchive) chooseArchive(droppedArchive);
      else choose(await folder);
    };
    dropped().catch(setError);
  };

  const clearChoice = () => {
    setEntries(null);
    setArchive(null);
    if (input.current) input.current.value = '';
    if (archiveInput.current) archiveInput.current.value = '';
  };

  /** The folder's tar, its modes decided from the package's programs as they are now; or the archive file as it is. */
  const body = async (signal: AbortSignal): Promise<{ blob: Blob; contentType: string } | null> => {
    if (archive) return { blob: archive.file, contentType: archive.contentType };
    if (!entries) return null;
    const programs = await api.get<Page<ProgramData>>('catalog', `/packages/${encodeURIComponent(packageId)}/programs`, undefined, signal);
    return { blob: buildTar(await withExecutableModes(entries, programs.items)), contentType: ARCHIVE_CONTENT_TYPES.tar };
  };

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    // Shown (and the button hidden) from the first moment: reading the programs comes first.
    setProgress({ sent: 0, total: archive?.file.size ?? totalSize, bytesPerSecond: 0 });
    try {
      const upload = await body(controller.signal);
      if (!upload) return;
      setProgress({ sent: 0, total: upload.blob.size, bytesPerSecond: 0 });
      const version = await uploadArchive(api.token, packageId, upload.blob, upload.contentType, setProgress, controller.signal);
      setPublished(version);
      clearChoice();
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
        <p>Drop the source folder, or one .zip, .tar or .tar.gz archive, here, or</p>
        <label className="button-like">
          Choose folder…
          <input ref={input} type="file" multiple className="visually-hidden" onChange={onPick} disabled={progress !== null} data-testid="folder-input" />
        </label>{' '}
        <label className="button-like">
          Choose archive…
          <input ref={archiveInput} type="file" accept={ARCHIVE_ACCEPT} className="visually-hidden" onChange={onPickArchive} disabled={progress !== null} data-testid="archive-input" />
        </label>
      </div>
      {archive ? (
        <div className="upload-summary">
          <p>
            {archive.file.name}: a {archive.format} archive of {formatBytes(archive.file.size)}, ready to upload as it is as version {nextVersion}.
          </p>
          {progress === null ? (
            <button type="button" className="primary" onClick={() => void start()}>
              Upload and publish
            </button>
          ) : null}
        </div>
      ) : null}
      {entries ? (
        <div className="upload-summary">
          <p>
            {entries.length} files, {formatBytes(totalSize)} ready to upload as version {nextVersion}.
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
