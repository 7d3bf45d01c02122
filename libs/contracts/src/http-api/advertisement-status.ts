import type { AdvertisementData } from '../advertisement-advertisements';
import type { ProgramOutput } from '../advertisement-client-status';
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
  /** The text of messageId (clientStatusMessageText), null when none or unknown. */
  messageText: string | null;
  exitCode: number | null;
  detail: string | null;
  /** The package source version the last delivery report's run used. */
  packageVersion: number | null;
  /** The program output of the last delivery report when the client is FAILED or RETRYING (else null: see the history). */
  output: ProgramOutput | null;
  lastSeq: number;
  /** "No report (timed out)": silent for longer than it may be in its state (see StatusSummary.timedOut). */
  timedOut: boolean;
}

/**
 * One stored report of a client, as it arrived (GET /advertisements/:id/status/clients/:clientId/history
 * in seq order, GET /advertisements/:id/clients/:clientId/history newest first). `output` is kept
 * on the newest STATUS_OUTPUT_KEPT_PER_CLIENT reports with output of each (advertisement, client)
 * pair; older reports answer null.
 */
export interface StatusHistoryEntry {
  seq: number;
  state: string;
  messageId: number | null;
  messageText: string | null;
  exitCode: number | null;
  detail: string | null;
  packageVersion: number | null;
  output: ProgramOutput | null;
  reportedAt: string;
  receivedAt: string;
}

/** The last FAILED report of a client for an advertisement. */
export interface ClientLastFailure {
  at: string;
  state: string;
  messageId: number | null;
  messageText: string | null;
  exitCode: number | null;
  detail: string | null;
  packageVersion: number | null;
  output: ProgramOutput | null;
}

/** One advertisement of GET /clients/:clientId/advertisements: whether it applies to the client (Explain's verdict) and how it went there. */
export interface ClientAdvertisementEntry {
  advertisementId: string;
  advertisementName: string;
  packageId: string;
  /** Null when the advertisement service does not know the package (deleted). */
  packageName: string | null;
  programName: string;
  applies: boolean;
  /** Why not, as Explain says it (the first condition that fails); null when it applies. */
  reason: string | null;
  /** The last delivery state (or acceptance state when none), null before the client reported. */
  state: string | null;
  messageId: number | null;
  messageText: string | null;
  packageVersion: number | null;
  lastReportAt: string | null;
  lastFailure: ClientLastFailure | null;
}

/** GET /clients/:clientId/advertisements: every advertisement (at most 500, by name), applying or not. */
export interface ClientAdvertisementsPage {
  clientId: string;
  items: ClientAdvertisementEntry[];
}

/** POST /advertisements/:id/clients/:clientId/rerun (202). */
export interface ClientRerunAccepted {
  advertisementId: string;
  clientId: string;
}

/** GET /advertisements/:id/status: whether it is broken, the counts, and a page of client rows. */
export interface AdvertisementStatusPage extends AdvertisementIntegrity {
  summary: StatusSummary;
  items: ClientStatusRow[];
  nextCursor: string | null;
}
