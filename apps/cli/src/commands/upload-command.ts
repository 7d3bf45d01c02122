import { stat } from 'node:fs/promises';
import type { PackageData } from '@sdp/contracts';
import { ARCHIVE_CONTENT_TYPES } from '@sdp/package-files';
import { segment } from '../core/api-client';
import { CommandContext, CommandSpec, show } from '../core/command';
import { ApiError, CliError } from '../core/errors';
import { formatBytes, formatDuration, formatRate, uploadProgressLine } from '../output/format';
import { renderFields } from '../output/table';
import { readArchiveFile, streamArchiveFile } from '../upload/archive-file';
import { expectedArchiveBytes, listFolder } from '../upload/folder-entries';
import { FolderArchive, tarFolder } from '../upload/tar-folder';

export interface PublishedVersion {
  version: number;
  fileCount: number;
  sizeBytes: number;
  manifestDigest: string;
  newBytes: number;
}

/** How often the bar on a terminal is redrawn; more often only costs CPU. */
const REDRAW_MS = 200;

export const uploadCommand: CommandSpec = {
  words: ['package', 'upload'],
  args: ['ID', 'FOLDER_OR_ARCHIVE'],
  summary:
    'publish the next source version of the package from a folder (sent as a tar stream, modes kept) or a .tar, .tar.gz/.tgz or .zip file (sent as it is, its format told by its bytes); shows bytes/s, prints the new version',
  async run(context, { args }) {
    const packageId = args[0].toUpperCase();
    const published = await publishSource(context, packageId, args[1]);
    show(context, { packageId, ...published }, (result) =>
      renderFields([
        ['Package', result.packageId],
        ['Version', result.version],
        ['Files', result.fileCount],
        ['Size', `${formatBytes(result.sizeBytes)} (${result.sizeBytes} bytes)`],
        ['New bytes', `${formatBytes(result.newBytes)} (${result.newBytes} bytes)`],
        ['Manifest digest', result.manifestDigest],
      ]),
    );
  },
};

/** Sends FOLDER_OR_ARCHIVE as the package's next source version, with the progress on stderr; what the catalog published. */
export async function publishSource(context: CommandContext, packageId: string, source: string): Promise<PublishedVersion> {
  const upload = await uploadOf(source);
  // A refusal the catalog can give before any byte is sent reads better than a cut connection.
  const pkg = await context.api.get<PackageData>('catalog', `/api/v1/packages/${segment(packageId)}`);
  if (!pkg.hasSource) throw new CliError(`package ${packageId} is command-only (hasSource false): it takes no source files`);
  const expected = upload.expectedBytes;
  const started = Date.now();
  let sent = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!context.stderr.isTTY || (!force && now - lastDraw < REDRAW_MS)) return;
    lastDraw = now;
    context.stderr.write(`\r${uploadProgressLine(sent, Math.max(sent, expected), now - started)}\u001b[K`);
  };
  const archive = upload.open((count) => {
    sent += count;
    draw(false);
  });
  let published: PublishedVersion;
  try {
    published = await context.api.upload<PublishedVersion>('catalog', 'PUT', `/api/v1/packages/${segment(packageId)}/source`, archive.stream, upload.contentType);
  } catch (error) {
    if (context.stderr.isTTY) context.stderr.write('\n');
    const failure = archive.failure();
    if (failure && !(error instanceof ApiError)) throw new CliError(`reading ${source} failed mid-upload: ${failure.message}`);
    throw error;
  }
  const elapsed = Date.now() - started;
  draw(true);
  const summary = `uploaded ${formatBytes(sent)} in ${formatDuration(elapsed)} (${formatRate(sent, elapsed)})`;
  context.stderr.write(context.stderr.isTTY ? `\n${summary}\n` : `${summary}\n`);
  return published;
}

interface Upload {
  contentType: string;
  expectedBytes: number;
  open(onBytes: (count: number) => void): FolderArchive;
}

/** A folder is tar-streamed while it is read; a tar, tar.gz or zip file is sent as it is. */
async function uploadOf(source: string): Promise<Upload> {
  const found = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${source}: ${error.code ?? error.message}`);
  });
  if (found.isDirectory()) {
    const entries = await listFolder(source);
    return { contentType: ARCHIVE_CONTENT_TYPES.tar, expectedBytes: expectedArchiveBytes(entries), open: (onBytes) => tarFolder(entries, onBytes) };
  }
  if (!found.isFile()) throw new CliError(`${source} is neither a folder nor a tar, tar.gz or zip archive`);
  const file = await readArchiveFile(source, found.size);
  return { contentType: ARCHIVE_CONTENT_TYPES[file.format], expectedBytes: file.size, open: (onBytes) => streamArchiveFile(file, onBytes) };
}
