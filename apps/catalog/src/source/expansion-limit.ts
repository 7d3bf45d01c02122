import { ArchiveRejected } from './archive-rejected';

/**
 * Below this many expanded bytes no archive is judged: a tiny archive of text or zeros legitimately
 * expands hundreds of times, and 64 MiB costs the store nothing worth a refusal.
 */
export const EXPANSION_ALLOWANCE_BYTES = 64 * 1024 * 1024;
/**
 * Software packages (binaries, libraries, scripts, images) compress 2 to 10 times, highly
 * compressible ones (JavaScript, logs, sparse images) rarely 50; deflate cannot do better than
 * about 1032 times, which is what zeros give. 200 keeps real packages clear and stops a bomb at
 * the allowance, when its first 64 MiB have expanded.
 */
export const DEFAULT_MAX_EXPANSION_RATIO = 200;

/**
 * Compares what an archive expands to (gunzipped bytes of a tar.gz, declared sizes of a zip's
 * entries) with the bytes received so far, while it streams: past the allowance, expanding more
 * than `maxRatio` times the bytes received is a decompression bomb, refused as too large before
 * the rest of it is read or stored.
 */
export class ExpansionLimit {
  private receivedBytes = 0;
  private expandedBytes = 0;

  constructor(readonly maxRatio: number = DEFAULT_MAX_EXPANSION_RATIO) {}

  received(bytes: number): void {
    this.receivedBytes += bytes;
  }

  expanded(bytes: number): void {
    this.expandedBytes += bytes;
    if (this.expandedBytes > EXPANSION_ALLOWANCE_BYTES && this.expandedBytes > this.receivedBytes * this.maxRatio) {
      throw new ArchiveRejected(
        'too-large',
        `the archive expands more than ${this.maxRatio} times its size (${megabytes(this.expandedBytes)} MB from ${megabytes(this.receivedBytes)} MB received); ` +
          'if this package is genuine, raise CATALOG_MAX_EXPANSION_RATIO',
      );
    }
  }
}

function megabytes(bytes: number): string {
  const value = bytes / 1e6;
  return value >= 10 ? value.toFixed(0) : value.toPrecision(2);
}
