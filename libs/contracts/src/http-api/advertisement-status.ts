import type { AdvertisementData } from '../advertisement-advertisements';
import type { AdvertisementRolloutGlance } from './advertisement-rollout';

/**
 * Whether an advertisement still rests on what it names. It is broken when its package, program
 * or collection was deleted (an event told the advertisement service so, e.g. after a race with a
 * refused delete, a restore or a forced delete); a broken advertisement is offered to no client.
 */
export interface AdvertisementIntegrity {
  broken: boolean;
  /** Why, e.g. `collection S0100004 was deleted`; several reasons are joined by `; `. Null when not broken. */
  brokenReason: string | null;
}

/** The advertisement service's answer for one advertisement (GET, list, POST, PATCH). */
export type AdvertisementView = AdvertisementData & AdvertisementIntegrity & AdvertisementRolloutGlance;

/** The counts of advertisement's GET /advertisements/:id/status, one client counted once. */
export interface StatusSummary {
  targeted: number;
  accepted: number;
  waiting: number;
  running: number;
  succeeded: number;
  failed: number;
  /**
   * Started (downloading or running) but silent for longer than the program's maximum run time
   * plus the grace period, or between attempts (RETRYING) for longer than that plus the longest
   * back-off: "no report (timed out)". Counted here instead of waiting or running; a late report
   * moves the client to its real state.
   */
  timedOut: number;
  notReported: number;
}

/** One client's row of that answer: its last acceptance and delivery state. */
export interface ClientStatusRow {
  clientId: string;
  acceptanceState: string | null;
  acceptanceAt: string | null;
  deliveryState: string | null;
  deliveryAt: string | null;
  messageId: number | null;
  exitCode: number | null;
  detail: string | null;
  lastSeq: number;
  /** "No report (timed out)": silent for longer than it may be in its state (see StatusSummary.timedOut). */
  timedOut: boolean;
}

/** One stored report of a client, as it arrived (GET /advertisements/:id/status/clients/:clientId/history). */
export interface StatusHistoryEntry {
  seq: number;
  state: string;
  messageId: number | null;
  exitCode: number | null;
  detail: string | null;
  reportedAt: string;
  receivedAt: string;
}

/** GET /advertisements/:id/status: whether it is broken, the counts, and a page of client rows. */
export interface AdvertisementStatusPage extends AdvertisementIntegrity {
  summary: StatusSummary;
  items: ClientStatusRow[];
  nextCursor: string | null;
}
