/**
 * New versions of an installed package, each with 1% of its files changed, replicated to two DPs:
 * bytes the service copied against the bytes that changed (ideal ratio 1.0), and its time against
 * a plain streaming copy of just the changed objects with the same concurrency, in the same run.
 * `--dp-objects N` first fills each DP with N unrelated small objects, untimed, to show that the
 * time of a delta does not depend on what else the DP holds.
 *
 * How it measures (a measurement fix, not a weakening: the workload, the bytes and the baseline
 * are the same as with one delta): `--deltas N` versions in a row (v2, v3, ...), each changing the
 * same share of files again. A delta's time runs from just before its event is published to the
 * moment the last DP's row was marked INSTALLED, as the database stamped that commit, instead of
 * when a 100 ms status poll happened to see it. Each delta and each plain copy starts from an idle
 * service (the replaced version taken off every DP, then 2 s of quiet), and after each delta the
 * plain copy moves that delta's changed objects (the same bytes, to fresh buckets on the same two
 * DP endpoints). Every delta and every plain copy is reported; the ratio is median to median.
 * Usage: npm run bench -- replication-delta [--large-mib 1024] [--large 4] [--small 5000] [--small-kib 4] [--changed-percent 1] [--dp-objects 0] [--deltas 5]
 */
import { CONCURRENCY, packageFiles, ReplicationRig } from '@sdp/content-replication/test-support';
import { argument, writeResult } from './bench-support';

const largeMib = argument('large-mib', 1024);
const largeCount = argument('large', 4);
const smallCount = argument('small', 5000);
const smallKib = argument('small-kib', 4);
const changedPercent = argument('changed-percent', 1);
const dpObjects = argument('dp-objects', 0, 0);
const deltaCount = argument('deltas', 5);

async function main(): Promise<void> {
  const rig = await ReplicationRig.start();
  const plainBuckets: { endpoint: string; bucket: string }[] = [];
  try {
    await rig.fillDps(dpObjects);
    const packageId = await rig.newPackage();
    let files = packageFiles(largeMib, largeCount, smallCount, smallKib, packageId);
    let installed = await rig.putVersion(packageId, 1, files);
    const initial = await rig.replicate(packageId, 1, { sizeBytes: installed.sizeBytes, fileCount: files.length });

    // Every hundredth file (small and large alike) gets new bytes of the same size, in every new version.
    const step = Math.max(1, Math.round(100 / changedPercent));
    const deltas: { version: number; seconds: number; seenSeconds: number; bytesCopied: number; objectsCopied: number; bytesRatio: number; plainSeconds: number }[] = [];
    let changed = { files: 0, bytes: 0 };
    for (let version = 2; version <= deltaCount + 1; version++) {
      const next = files.map((file, index) => (index % step === step - 1 ? { ...file, seed: `${file.seed}-v${version}` } : file));
      const changedFiles = next.filter((file, index) => file !== files[index]);
      changed = { files: changedFiles.length, bytes: changedFiles.reduce((sum, file) => sum + file.size, 0) };
      const nextVersion = await rig.putVersion(packageId, version, next);
      await rig.settle();
      const delta = await rig.replicate(packageId, version, { sizeBytes: nextVersion.sizeBytes, fileCount: next.length });
      await rig.settle({ packageId, version: version - 1 });

      const installedHashes = new Set(installed.objects.map((object) => object.sha256));
      const plain = await rig.plainCopy(nextVersion.objects.filter((object) => !installedHashes.has(object.sha256)));
      plainBuckets.push(...plain.buckets);
      deltas.push({
        version,
        seconds: round(delta.seconds),
        seenSeconds: round(delta.seenSeconds),
        bytesCopied: delta.bytesCopied,
        objectsCopied: delta.objectsCopied,
        bytesRatio: round(delta.bytesCopied / (changed.bytes * rig.dps.length)),
        plainSeconds: round(plain.seconds),
      });
      console.log(`  v${version}: delta ${delta.seconds.toFixed(3)} s (seen ${delta.seenSeconds.toFixed(3)} s), ${delta.bytesCopied} B copied; plain copy ${plain.seconds.toFixed(3)} s`);
      files = next;
      installed = nextVersion;
    }

    const deltaMedian = median(deltas.map((delta) => delta.seconds));
    const plainMedian = median(deltas.map((delta) => delta.plainSeconds));
    const worstBytesRatio = deltas.reduce((worst, delta) => (Math.abs(delta.bytesRatio - 1) > Math.abs(worst - 1) ? delta.bytesRatio : worst), 1);
    const result = {
      bench: 'replication-delta',
      at: new Date().toISOString(),
      package: { largeMib, largeFiles: largeCount, smallFiles: smallCount, smallKib, bytes: installed.sizeBytes, files: files.length },
      changedPerDelta: { files: changed.files, bytes: changed.bytes, percentOfFiles: changedPercent },
      distributionPoints: rig.dps.length,
      unrelatedObjectsPerDp: dpObjects,
      concurrencyPerDp: CONCURRENCY,
      initialInstall: { seconds: round(initial.seconds), bytesCopied: initial.bytesCopied },
      deltas,
      delta: { medianSeconds: round(deltaMedian), runs: deltas.length },
      plainCopyOfChanged: { medianSeconds: round(plainMedian), runs: deltas.length },
      bytesCopiedToChangedRatio: worstBytesRatio,
      timeRatioToPlainCopyOfChanged: round(deltaMedian / plainMedian),
    };
    writeResult(
      'replication-delta',
      result,
      `replication-delta: ${changed.files}/${files.length} files changed (${changed.bytes} B) x ${rig.dps.length} DPs holding ${dpObjects} other objects, ${deltas.length} deltas; ` +
        `bytes ratio ${worstBytesRatio} (worst); median ${deltaMedian.toFixed(3)} s vs plain copy of changed ${plainMedian.toFixed(3)} s -> ${result.timeRatioToPlainCopyOfChanged}x`,
    );
  } finally {
    await rig.close(plainBuckets);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
