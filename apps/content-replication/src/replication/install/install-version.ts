import { manifestLocation } from '@sdp/contracts';
import { copyVerified } from '@sdp/storage';
import { JobContext } from '../worker/job-context';
import { dpManifestKey, manifestObjects, parseManifest } from '../manifest';
import { JobProgress } from '../queue/replication-queue';
import { runPool } from '../worker/run-pool';
import { objectsKnownOnDp } from './delta';

/**
 * Puts one version on a DP: copies each object the DP lacks (verified while streaming; skipped
 * when the trusted version's manifest on the DP names it, or when the DP answers a HEAD for it),
 * then writes the DP manifest as the commit mark. Until that last write nothing claims the version
 * is there, so an interrupted run leaves only objects a rerun will reuse. `trusted`: see delta.ts.
 */
export async function installVersion(context: JobContext, version: number, trusted: number | undefined): Promise<JobProgress> {
  const [rawManifest, knownOnDp] = await Promise.all([
    context.source.getJson(manifestLocation(context.packageId, version)),
    objectsKnownOnDp(context.target, context.packageId, trusted),
  ]);
  const manifest = parseManifest(rawManifest, context.packageId, version);
  const objects = manifestObjects(manifest);
  const progress: JobProgress = {
    bytesDone: 0,
    bytesTotal: manifest.files.reduce((sum, file) => sum + file.size, 0),
    filesDone: 0,
    filesTotal: manifest.files.length,
    bytesCopied: 0,
    objectsCopied: 0,
  };
  context.reportProgress({ ...progress });
  const inFlight = new Map<string, number>();
  const current = (): JobProgress => ({ ...progress, bytesDone: progress.bytesDone + sum(inFlight.values()) });
  const objectDone = (object: { size: number; fileCount: number }): void => {
    progress.bytesDone += object.size * object.fileCount;
    progress.filesDone += object.fileCount;
    context.reportProgress(current());
  };
  const perCopyRate = context.rateLimitBytesPerSec === null ? null : Math.max(1, Math.floor(context.rateLimitBytesPerSec / context.maxConcurrentTransfers));
  await runPool(
    objects,
    context.maxConcurrentTransfers,
    async (object) => {
      if (knownOnDp.has(object.sha256)) {
        objectDone(object);
        return;
      }
      const release = await context.acquireTransferSlot();
      const result = await copyVerified(context.source, context.target, object.sha256, {
        size: object.size,
        rateLimitBytesPerSec: perCopyRate,
        onProgress: (bytes) => {
          inFlight.set(object.sha256, bytes);
          context.reportProgress(current());
        },
      }).finally(release);
      inFlight.delete(object.sha256);
      if (!result.alreadyPresent) {
        progress.bytesCopied += result.bytesCopied;
        progress.objectsCopied += 1;
      }
      objectDone(object);
    },
    context.signal,
  );
  context.signal.throwIfAborted();
  await context.target.putJson(dpManifestKey(context.packageId, version), rawManifest);
  return current();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
