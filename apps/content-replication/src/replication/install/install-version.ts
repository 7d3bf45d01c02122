import { copyVerified } from '@sdp/storage';
import { JobContext } from '../worker/job-context';
import { dpManifestKey, ManifestObject, manifestObjects } from '../manifest';
import { JobProgress } from '../queue/replication-queue';
import { runPool } from '../worker/run-pool';
import { dpHoldsManifest } from './delta';

/**
 * HEADs in flight per job for each of the DP's transfer slots. A HEAD moves no content, so it
 * takes no slot: the lookups run ahead of the copies and keep every slot busy with an object the
 * DP lacks, instead of each copy paying for its own lookup first.
 */
const LOOKUPS_PER_TRANSFER = 4;

/**
 * Puts one version on a DP: copies each object the DP lacks (verified while streaming; skipped
 * when the trusted version names it and the DP still holds that version's manifest, or when the DP
 * answers a HEAD for it), then writes the DP manifest as the commit mark. Until that last write
 * nothing claims the version is there, so an interrupted run leaves only objects a rerun will
 * reuse. `trusted`: see delta.ts; its source manifest gives the objects the DP is taken to hold,
 * and whether the DP still holds that version is asked while the other objects are copied, which
 * need a lookup either way. `awaitRemovals` returns once no removal holds the DP: nothing looks at
 * the DP before it has, while the source manifests are read meanwhile (see removal-lock.ts).
 */
export async function installVersion(
  context: JobContext,
  version: number,
  trusted: number | undefined,
  awaitRemovals: () => Promise<void>,
): Promise<JobProgress> {
  const [{ manifest, dpBytes }, trustedManifest] = await Promise.all([
    context.sourceManifest(version),
    // Without the trusted version's source manifest (unreadable), nothing is taken as held.
    trusted === undefined ? undefined : context.sourceManifest(trusted).catch(() => undefined),
    awaitRemovals(),
  ]);
  const named = new Set(trustedManifest?.manifest.files.map((file) => file.sha256));
  const objects = manifestObjects(manifest);
  const likelyHeld = objects.filter((object) => named.has(object.sha256));
  const unknown = objects.filter((object) => !named.has(object.sha256));
  const held =
    trusted === undefined || trustedManifest === undefined || likelyHeld.length === 0
      ? Promise.resolve(false)
      : dpHoldsManifest(context.target, context.packageId, trusted, trustedManifest);
  // Awaited after the copies below; a failure is raised there, not as an unhandled rejection meanwhile.
  held.catch(() => undefined);
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
  /** Asks the DP about each object and copies those it lacks. */
  const copyMissing = (candidates: readonly ManifestObject[]): Promise<void> =>
    runPool(
      candidates,
      context.maxConcurrentTransfers * LOOKUPS_PER_TRANSFER,
      async (object) => {
        if (await context.target.exists(object.sha256)) {
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
  // Objects the DP is not known to hold, each of which may need a copy: their slots are leased while they are looked up.
  if (unknown.length > 0) context.prepareTransferSlots(unknown.length);
  await copyMissing(unknown);
  if (await held) likelyHeld.forEach(objectDone);
  else await copyMissing(likelyHeld);
  context.signal.throwIfAborted();
  await context.target.putBytes(dpManifestKey(context.packageId, version), dpBytes, 'application/json');
  return current();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
