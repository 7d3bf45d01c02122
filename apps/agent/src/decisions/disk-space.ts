const MB = 1024 * 1024;

/** One package version a chain runs from. */
export interface ChainContent {
  /** From the policy. */
  sizeBytes: number;
  /** Already complete in the content cache: nothing to download. */
  cached: boolean;
}

export interface ChainDiskNeeds {
  /** One entry per distinct package version of the chain that has content. */
  contents: readonly ChainContent[];
  /** `estimatedDiskSpaceMb` of each program of the chain; null = unknown. */
  programEstimatesMb: readonly (number | null)[];
  /** Free bytes on the disk holding the content cache. */
  freeBytes: number;
  /** Bytes of cached versions the cache may drop to make room (not persisted, not of this chain). */
  reclaimableBytes: number;
}

export type DiskSpaceCheck =
  | { fits: true }
  | {
      fits: false;
      neededBytes: number;
      freeBytes: number;
      reclaimableBytes: number;
      /** Bytes still to download. */
      contentBytes: number;
      /** The largest program estimate of the chain, in bytes. */
      programEstimateBytes: number;
    };

/**
 * Whether the disk has room for what the chain still has to download plus the largest disk space
 * one of its programs needs (programs run one after another, so their estimates do not add up).
 * Cached versions the cache would drop to make room count as room.
 */
export function checkDiskSpace(needs: ChainDiskNeeds): DiskSpaceCheck {
  const contentBytes = needs.contents.filter((content) => !content.cached).reduce((total, content) => total + content.sizeBytes, 0);
  const programEstimateBytes = Math.max(0, ...needs.programEstimatesMb.map((estimate) => estimate ?? 0)) * MB;
  const neededBytes = contentBytes + programEstimateBytes;
  if (needs.freeBytes + needs.reclaimableBytes >= neededBytes) {
    return { fits: true };
  }
  return { fits: false, neededBytes, freeBytes: needs.freeBytes, reclaimableBytes: needs.reclaimableBytes, contentBytes, programEstimateBytes };
}

/** The shortage in words, e.g. `needs 1,234 MB free on /data (content 200 MB + program estimate 1,034 MB), has 512 MB free`. */
export function describeShortage(shortage: Extract<DiskSpaceCheck, { fits: false }>, path: string): string {
  // Needs are rounded up and free space down, so the words never show a need the free space covers.
  const needed = megabytes(Math.ceil(shortage.neededBytes / MB));
  const content = megabytes(Math.ceil(shortage.contentBytes / MB));
  const estimate = megabytes(Math.ceil(shortage.programEstimateBytes / MB));
  const free = megabytes(Math.floor(shortage.freeBytes / MB));
  const reclaimable = shortage.reclaimableBytes > 0 ? ` and ${megabytes(Math.floor(shortage.reclaimableBytes / MB))} of older cached content` : '';
  return `needs ${needed} free on ${path} (content ${content} + program estimate ${estimate}), has ${free} free${reclaimable}`;
}

function megabytes(count: number): string {
  return `${count.toLocaleString('en-US')} MB`;
}
