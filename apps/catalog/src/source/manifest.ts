import { createHash } from 'node:crypto';

export interface ManifestFile {
  /** Relative, `/`-separated, NFC-normalised. */
  path: string;
  size: number;
  sha256: string;
  /** Permission bits from the archive (e.g. 0o755 = 493). */
  mode: number;
}

/** The document stored at `manifests/<packageId>/<version>.json`; its digest is the sha256 of those exact bytes. */
export interface SourceManifest {
  packageId: string;
  version: number;
  fileCount: number;
  sizeBytes: number;
  files: ManifestFile[];
}

export interface BuiltManifest {
  document: SourceManifest;
  bytes: Buffer;
  digest: string;
}

/** Files sorted by path (code-unit order, the same on every machine), with totals and digest. */
export function buildManifest(packageId: string, version: number, files: readonly ManifestFile[]): BuiltManifest {
  const sorted = [...files].sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  const document: SourceManifest = {
    packageId,
    version,
    fileCount: sorted.length,
    sizeBytes: sorted.reduce((total, file) => total + file.size, 0),
    files: sorted,
  };
  const bytes = Buffer.from(JSON.stringify(document), 'utf8');
  return { document, bytes, digest: createHash('sha256').update(bytes).digest('hex') };
}
