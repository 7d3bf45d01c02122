import { createHash } from 'node:crypto';
import { casKey, ObjectNotFoundError } from '@sdp/storage';
import { JobContext } from '../worker/job-context';
import { dpManifestKey, manifestObjects } from '../manifest';
import { runPool } from '../worker/run-pool';

export interface ValidationReport {
  manifestMissing: boolean;
  missing: string[];
  corrupt: string[];
}

export function isHealthy(report: ValidationReport): boolean {
  return !report.manifestMissing && report.missing.length === 0 && report.corrupt.length === 0;
}

export function describeReport(report: ValidationReport): string {
  const parts = [
    ...(report.manifestMissing ? ['manifest missing'] : []),
    `${report.missing.length} object(s) missing`,
    `${report.corrupt.length} object(s) corrupt`,
  ];
  const named = [...report.corrupt.map((sha) => `corrupt ${sha}`), ...report.missing.map((sha) => `missing ${sha}`)].slice(0, 10);
  return `validation failed: ${parts.join(', ')}${named.length > 0 ? ` (${named.join('; ')})` : ''}`;
}

/**
 * Streams every object of the version back from the DP and re-hashes it. A corrupt object is
 * deleted on the spot, so the repair that follows copies it again like a missing one.
 */
export async function validateVersion(context: JobContext, version: number): Promise<ValidationReport> {
  const { manifest } = await context.sourceManifest(version);
  const report: ValidationReport = { manifestMissing: false, missing: [], corrupt: [] };
  try {
    await context.target.stat(dpManifestKey(context.packageId, version));
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    report.manifestMissing = true;
  }
  await runPool(
    manifestObjects(manifest),
    context.maxConcurrentTransfers,
    async (object) => {
      const release = await context.acquireTransferSlot();
      try {
        await checkObject(context, object, report);
      } finally {
        release();
      }
    },
    context.signal,
  );
  return report;
}

async function checkObject(context: JobContext, object: { sha256: string; size: number }, report: ValidationReport): Promise<void> {
  let stream;
  try {
    stream = await context.target.getStream(casKey(object.sha256));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) {
      report.missing.push(object.sha256);
      return;
    }
    throw error;
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  if (size !== object.size || hash.digest('hex') !== object.sha256) {
    report.corrupt.push(object.sha256);
    await context.target.delete(casKey(object.sha256));
  }
}
