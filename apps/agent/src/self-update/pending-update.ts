import { rm } from 'node:fs/promises';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';

/**
 * The update in flight, kept in the data dir between the old agent that staged it, the supervisor
 * that watches the new one come up, and whichever agent starts next:
 * - `staged`: the new executable is in place; the agent that starts must be `toVersion` and report in;
 * - `rolled-back`: the supervisor put the previous executable back (`reason` says why).
 * The agent that settles it (reports the outcome) deletes the file; a supervisor waiting for
 * the confirmation takes its absence as one.
 */
export interface PendingUpdate {
  state: 'staged' | 'rolled-back';
  advertisementId: string;
  occurrence: string;
  user?: string;
  /** The execution-history record of the update run, finished when the update is settled. */
  runId: string;
  fromVersion: string;
  toVersion: string;
  /** The executable that was replaced, and where its previous content is kept for a rollback. */
  executable: string;
  previous: string;
  stagedAt: string;
  reason?: string;
}

export async function readPendingUpdate(path: string): Promise<PendingUpdate | undefined> {
  return readJsonFile<PendingUpdate>(path);
}

export async function writePendingUpdate(path: string, update: PendingUpdate): Promise<void> {
  await writeJsonAtomic(path, update);
}

export async function clearPendingUpdate(path: string): Promise<void> {
  await rm(path, { force: true });
}
