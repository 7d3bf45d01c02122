import { ContentStore } from '@sdp/storage';
import { JobProgress } from '../queue/replication-queue';
import { SourceManifest } from '../install/source-manifests';
import { ReleaseSlot } from '../transfer-slots/transfer-slots';

export interface JobContext {
  packageId: string;
  source: ContentStore;
  target: ContentStore;
  maxConcurrentTransfers: number;
  /** The DP's limit, shared by its parallel copies; null = unlimited. */
  rateLimitBytesPerSec: number | null;
  /** Aborts when the worker loses its lease or the service stops. */
  signal: AbortSignal;
  reportProgress(progress: JobProgress): void;
  /** The version's manifest in the source, parsed; read once for the jobs of this replica that need it at the same time. */
  sourceManifest(version: number): Promise<SourceManifest>;
  /** Waits for one of the DP's transfer slots, shared with every other job on that DP in this process. */
  acquireTransferSlot(): Promise<ReleaseSlot>;
  /** Up to `count` transfer slots will be wanted in a moment: leases them ahead (see TransferSlots.prepare). */
  prepareTransferSlots(count: number): void;
}
