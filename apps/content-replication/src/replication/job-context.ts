import { ContentStore } from '@sdp/storage';
import { JobProgress } from './replication-queue';

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
}
