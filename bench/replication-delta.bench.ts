/**
 * A new version of an installed package with 1% of its files changed, replicated to two DPs:
 * bytes the service copied against the bytes that changed (ideal ratio 1.0), and its time
 * against a plain streaming copy of just the changed objects with the same concurrency, in the
 * same run. `--dp-objects N` first fills each DP with N unrelated small objects, untimed, to show
 * that the time of a delta does not depend on what else the DP holds.
 * Usage: npm run bench -- replication-delta [--large-mib 1024] [--large 4] [--small 5000] [--small-kib 4] [--changed-percent 1] [--dp-objects 0]
 */
import { CONCURRENCY, packageFiles, ReplicationRig } from '@sdp/content-replication/test-support';
import { argument, writeResult } from './bench-support';

const largeMib = argument('large-mib', 1024);
const largeCount = argument('large', 4);
const smallCount = argument('small', 5000);
const smallKib = argument('small-kib', 4);
const changedPercent = argument('changed-percent', 1);
const dpObjects = argument('dp-objects', 0, 0);

async function main(): Promise<void> {
  const rig = await ReplicationRig.start();
  let plainBuckets: { endpoint: string; bucket: string }[] = [];
  try {
    await rig.fillDps(dpObjects);
    const packageId = await rig.newPackage();
    const v1Files = packageFiles(largeMib, largeCount, smallCount, smallKib, packageId);
    const v1 = await rig.putVersion(packageId, 1, v1Files);
    const initial = await rig.replicate(packageId, 1, { sizeBytes: v1.sizeBytes, fileCount: v1Files.length });

    // Every hundredth file (small and large alike) gets new bytes of the same size.
    const step = Math.max(1, Math.round(100 / changedPercent));
    const v2Files = v1Files.map((file, index) => (index % step === step - 1 ? { ...file, seed: `${file.seed}-v2` } : file));
    const changed = v2Files.filter((file, index) => file !== v1Files[index]);
    const changedBytes = changed.reduce((sum, file) => sum + file.size, 0);
    const v2 = await rig.putVersion(packageId, 2, v2Files);
    const delta = await rig.replicate(packageId, 2, { sizeBytes: v2.sizeBytes, fileCount: v2Files.length });

    const v1Hashes = new Set(v1.objects.map((object) => object.sha256));
    const plain = await rig.plainCopy(v2.objects.filter((object) => !v1Hashes.has(object.sha256)));
    plainBuckets = plain.buckets;

    const expectedBytes = changedBytes * rig.dps.length;
    const result = {
      bench: 'replication-delta',
      at: new Date().toISOString(),
      package: { largeMib, largeFiles: largeCount, smallFiles: smallCount, smallKib, bytes: v2.sizeBytes, files: v2Files.length },
      changed: { files: changed.length, bytes: changedBytes, percentOfFiles: changedPercent },
      distributionPoints: rig.dps.length,
      unrelatedObjectsPerDp: dpObjects,
      concurrencyPerDp: CONCURRENCY,
      initialInstall: { seconds: round(initial.seconds), bytesCopied: initial.bytesCopied },
      delta: { seconds: round(delta.seconds), bytesCopied: delta.bytesCopied, objectsCopied: delta.objectsCopied },
      plainCopyOfChanged: { seconds: round(plain.seconds) },
      bytesCopiedToChangedRatio: round(delta.bytesCopied / expectedBytes),
      timeRatioToPlainCopyOfChanged: round(delta.seconds / plain.seconds),
    };
    writeResult(
      'replication-delta',
      result,
      `replication-delta: ${changed.length}/${v2Files.length} files changed (${changedBytes} B) x ${rig.dps.length} DPs holding ${dpObjects} other objects; copied ${delta.bytesCopied} B ` +
        `-> bytes ratio ${result.bytesCopiedToChangedRatio}; ${delta.seconds.toFixed(2)} s vs plain copy of changed ${plain.seconds.toFixed(2)} s`,
    );
  } finally {
    await rig.close(plainBuckets);
  }
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
