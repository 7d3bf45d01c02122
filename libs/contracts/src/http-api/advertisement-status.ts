/** The counts of advertisement's GET /advertisements/:id/status, one client counted once. */
export interface StatusSummary {
  targeted: number;
  accepted: number;
  waiting: number;
  running: number;
  succeeded: number;
  failed: number;
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
