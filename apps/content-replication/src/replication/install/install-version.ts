import { copyVerified } from '@sdp/storage';
import { JobContext } from '../worker/job-context';
import { dpManifestKey, manifestObjects } from '../manifest';
import { JobProgress } from '../queue/replication-queue';
import { runPool } from '../worker/run-pool';
import { objectsKnownOnDp } from './delta';

/**
 * HEADs in flight per job for each of the DP's transfer slots. A HEAD moves no content, so it
 * takes no slot: the lookups run ahead of the copies and keep every slot busy with an object the
 * DP lacks, instead of each copy paying for its own lookup first.
 */
const LOOKUPS_PER_TRANSFER = 4;

/**
 * Puts one version on a DP: copies each object the DP lacks (verified while streaming; skipped
 * when the trusted version's manifest on the DP names it, or when the DP answers a HEAD for it),
 * then writes the DP manifest as the commit mark. Until that last write nothing claims the version
 * is there, so an interrupted run leaves only objects a rerun will reuse. `trusted`: see delta.ts.
 * `awaitRemovals` returns once no removal holds the DP: nothing looks at the DP before it has,
 * while the source manifest is read meanwhile (see removal-lock.ts).
 */
export async function installVersion(
  context: JobContext,
  version: number,
  trusted: number | undefined,
  awaitRemovals: () => Promise<void>,
): Promise<JobProgress> {
  const [{ document, manifest }, knownOnDp] = await Promise.all([
    context.sourceManifest(version),
    awaitRemovals().then(() => objectsKnownOnDp(context.target, context.packageId, trusted)),
  ]);
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
  // Objects the DP is not known to hold, each of which may need a copy: their slots are leased while they are looked up.
  const unknown = objects.filter((object) => !knownOnDp.has(object.sha256)).length;
  if (unknown > 0) context.prepareTransferSlots(unknown);
  const perCopyRate = context.rateLimitBytesPerSec === null ? null : Math.max(1, Math.floor(context.rateLimitBytesPerSec / context.maxConcurrentTransfers));
  await runPool(
    objects,
    context.maxConcurrentTransfers * LOOKUPS_PER_TRANSFER,
    async (object) => {
      if (knownOnDp.has(object.sha256) || (await context.target.exists(object.sha256))) {
        objectDone(object);
        return;
      }
      const release = await context.acquireTransferSlot();
      // Absent a moment ago: another job may copy the same bytes meanwhile, which costs a copy, never correctness.
      const result = await copyVerified(context.source, context.target, object.sha256, {
        size: object.size,
        knownAbsent: true,
        rateLimitBytesPerSec: perCopyRate,
        onProgress: (bytes) => {
          inFlight.set(object.sha256, bytes);
          context.reportProgress(current());
        },
      }).finally(release);
      inFlight.delete(object.sha256);
      progress.bytesCopied += result.bytesCopied;
      progress.objectsCopied += 1;
      objectDone(object);
    },
    context.signal,
  );
  context.signal.throwIfAborted();
  await context.target.putJson(dpManifestKey(context.packageId, version), document);
  return current();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
