/**
 * Replication of one package (a few large files plus many small ones) to two DPs through the
 * content-replication service (verified streaming copies, CONCURRENCY per DP) against a plain
 * streaming GET→PUT of the same objects to the same two S3 endpoints with the same concurrency
 * via the minio client, in the same run (once before and once after the service; the faster is the
 * baseline). Ratio = service throughput / plain-copy throughput.
 * Usage: npm run bench -- replication [--large-mib 1024] [--large 4] [--small 5000] [--small-kib 4]
 */
import { CONCURRENCY, packageFiles, ReplicationRig } from '@sdp/content-replication/test-support';
import { argument, writeResult } from './bench-support';

const largeMib = argument('large-mib', 1024);
const largeCount = argument('large', 4);
const smallCount = argument('small', 5000);
const smallKib = argument('small-kib', 4);
const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const rig = await ReplicationRig.start();
  let plainBuckets: { endpoint: string; bucket: string }[] = [];
  try {
    const packageId = await rig.newPackage();
    const files = packageFiles(largeMib, largeCount, smallCount, smallKib, packageId);
    const version = await rig.putVersion(packageId, 1, files);
    // The plain copy runs before and after the service so neither side alone enjoys warm caches; the faster one is the baseline.
    const plainBefore = await rig.plainCopy(version.objects);
    const replicated = await rig.replicate(packageId, 1, { sizeBytes: version.sizeBytes, fileCount: files.length });
    const plainAfter = await rig.plainCopy(version.objects);
    plainBuckets = [...plainBefore.buckets, ...plainAfter.buckets];
    const plain = { seconds: Math.min(plainBefore.seconds, plainAfter.seconds) };

    const movedBytes = version.sizeBytes * rig.dps.length;
    const serviceMibPerSec = movedBytes / MIB / replicated.seconds;
    const plainMibPerSec = movedBytes / MIB / plain.seconds;
    const result = {
      bench: 'replication',
      at: new Date().toISOString(),
      package: { largeMib, largeFiles: largeCount, smallFiles: smallCount, smallKib, bytes: version.sizeBytes, objects: version.objects.length },
      distributionPoints: rig.dps.length,
      concurrencyPerDp: CONCURRENCY,
      service: { seconds: round(replicated.seconds), mibPerSec: round(serviceMibPerSec), bytesCopied: replicated.bytesCopied, objectsCopied: replicated.objectsCopied },
      plainCopy: { seconds: round(plain.seconds), mibPerSec: round(plainMibPerSec), runs: [round(plainBefore.seconds), round(plainAfter.seconds)] },
      throughputRatio: round(serviceMibPerSec / plainMibPerSec),
      note: 'service time runs from the version-published event to both DPs INSTALLED (includes Kafka delivery, queue polling and sha256 verification)',
    };
    writeResult(
      'replication',
      result,
      `replication: ${(movedBytes / MIB).toFixed(1)} MiB (${version.objects.length} objects x ${rig.dps.length} DPs) service ${serviceMibPerSec.toFixed(1)} MiB/s ` +
        `vs plain copy ${plainMibPerSec.toFixed(1)} MiB/s -> ratio ${result.throughputRatio}`,
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
