import { pipeline, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Sha256Meter } from './sha256-meter';
import { ThrottleStream } from './throttle-stream';

/** How bytes move during a transfer; both hooks are for content-replication's per-DP limits. */
export interface TransferOptions {
  /** Upper bound on the bytes per second read from the body; null or absent = unlimited. */
  rateLimitBytesPerSec?: number | null;
  /** Called as bytes are read with the total read so far for this object. */
  onProgress?: (bytesSoFar: number) => void;
}

/**
 * Chains body → optional throttle → hashing meter. Reading the returned meter drives the whole
 * chain; an error anywhere destroys every stage and surfaces on the meter, and abandoning the meter
 * destroys the body (an S3 GET is aborted rather than left open).
 */
export function meterBody(body: Readable, options: TransferOptions): Sha256Meter {
  const meter = new Sha256Meter(options.onProgress);
  const rate = options.rateLimitBytesPerSec;
  const stages: NodeJS.ReadWriteStream[] = rate ? [new ThrottleStream(rate)] : [];
  // Errors are observed by whoever reads the meter, so the callback has nothing left to do.
  pipeline([body, ...stages, meter], () => undefined);
  return meter;
}

/** Reads the whole body only to learn its digest and size. */
export async function digestBody(body: Readable, options: TransferOptions): Promise<{ sha256: string; size: number }> {
  const meter = meterBody(body, options);
  meter.resume();
  await finished(meter);
  return { sha256: meter.sha256, size: meter.bytes };
}
