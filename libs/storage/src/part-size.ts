const MiB = 1024 * 1024;

/** S3 limits on multipart uploads. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;
export const MAX_PART_COUNT = 10_000;

/**
 * Objects up to one part go up as a single PUT, larger ones as multipart. 8 MiB keeps two parts per
 * transfer (one uploading, one filling) at 16 MiB of memory, so eight parallel transfers to a DP
 * stay near 128 MiB, and 10,000 parts still reach 78 GiB for a stream of unknown length.
 */
export const DEFAULT_PART_SIZE = 8 * MiB;

/**
 * The configured part size, raised (in whole MiB) when a known object size would otherwise need
 * more than 10,000 parts.
 */
export function choosePartSize(configuredPartSize: number, expectedObjectSize?: number): number {
  if (!Number.isInteger(configuredPartSize) || configuredPartSize < MIN_PART_SIZE || configuredPartSize > MAX_PART_SIZE) {
    throw new RangeError(`part size must be an integer between ${MIN_PART_SIZE} and ${MAX_PART_SIZE} bytes, got ${configuredPartSize}`);
  }
  if (expectedObjectSize === undefined) return configuredPartSize;
  const smallestFitting = Math.ceil(Math.ceil(expectedObjectSize / MAX_PART_COUNT) / MiB) * MiB;
  const partSize = Math.max(configuredPartSize, smallestFitting);
  if (partSize > MAX_PART_SIZE) {
    throw new RangeError(`an object of ${expectedObjectSize} bytes exceeds what S3 multipart upload can hold`);
  }
  return partSize;
}
