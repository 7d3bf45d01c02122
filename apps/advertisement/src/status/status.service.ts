import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AdvertisementStatusPage, clientStatusMessageText, ClientStatusReportedData, ClientStatusRow, EventTypes, PROGRAM_DEFAULTS, StatusHistoryEntry, StatusSummary } from '@sdp/contracts';
import { activeTraceparent, collectWrittenEventsBySubject, EventPosition, Outbox, OutboxEventInput, recordWrittenEvents } from '@sdp/messaging';
import { GroupCommit } from '@sdp/persistence';
import { decodeCursor, DEFAULT_PAGE_SIZE, isUuidCursor, Page, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager, LessThan, MoreThan } from 'typeorm';
import { AdvertisementEntity } from '../advertisements/advertisement.entity';
import { AdvertisementConfig } from '../config';
import { KnownProgramEntity } from '../known/known-program.entity';
import { advertisementNotFound } from '../advertisements/advertisement.errors';
import { findAdvertisementView } from '../advertisements/advertisements.service';
import { RolloutGates } from '../rollout/rollout-gates';
import { ClientAdvertisementStatusEntity } from './client-advertisement-status.entity';
import { ClientStatusReportEntity } from './client-status-report.entity';
import { StatusReport } from './status-report.schema';
import { ACCEPTANCE_STATES, SUMMARY_BUCKETS } from './status-states';
import { BETWEEN_ATTEMPTS_STATE, IN_FLIGHT_STATES, isTimedOut, SilenceLimits, silenceLimits } from './timed-out';

/** Reports of the requests stored together, at most (a request with more is stored alone). */
export const STATUS_GROUP_MAX_REPORTS = 1000;
/** Groups of reports stored at the same time (database connections). */
export const STATUS_GROUP_COMMITS = 2;

/** One request's reports. */
interface ClientReports {
  clientId: string;
  reports: readonly StatusReport[];
  /** The request's trace, carried by the events of its reports. */
  traceparent: string | undefined;
}

/** One request's answer, and the events it wrote (for its consistency token). */
interface StoredReports {
  result: IngestResult;
  written: readonly EventPosition[];
}

export interface IngestResult {
  /** Reports applied now. */
  accepted: number;
  /** Reports whose (client, seq) was already applied: replays, changed nothing. */
  duplicates: number;
  /** Reports for advertisements that do not exist (any more); dropped. */
  unknownAdvertisements: string[];
}

@Injectable()
export class StatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly rolloutGates: RolloutGates,
  ) {}

  /**
   * Applies a client's reports once each ((client, seq) is the history's key) and moves the
   * current acceptance and delivery state only forward in seq, so replays and reorderings
   * end in the same state. Concurrent requests are stored together (group commit: one
   * transaction for the reports of many clients, a client's requests one after the other in
   * the order they came), each answered with its own result. Once committed, the rollouts of
   * the advertisements reported on are evaluated soon (debounced, off this path).
   */
  async ingest(clientId: string, reports: readonly StatusReport[]): Promise<IngestResult> {
    const { result, written } = await this.commits.submit({ clientId, reports, traceparent: activeTraceparent() });
    // The events are named in this request's consistency token (the group committed them elsewhere).
    recordWrittenEvents(written);
    if (result.accepted > 0) {
      this.rolloutGates.evaluateSoon(reports.map((report) => report.advertisementId));
    }
    return result;
  }

  private readonly commits = new GroupCommit<ClientReports, StoredReports>({
    handle: async (requests) => (await this.store(requests)).map((value) => ({ ok: true, value })),
    keyOf: (request) => request.clientId,
    weightOf: (request) => request.reports.length,
    maxItems: STATUS_GROUP_MAX_REPORTS,
    maxInFlight: STATUS_GROUP_COMMITS,
  });

  /** The requests' reports in one transaction: one statement stores and projects them all, one outbox write enqueues their events. */
  private store(requests: readonly ClientReports[]): Promise<StoredReports[]> {
    return this.dataSource.transaction(async (manager) => {
      const { storedSeqs, unknownAdvertisements } = await storeAndProject(manager, requests, this.config.STATUS_OUTPUT_KEPT_PER_CLIENT);
      const unknown = new Set(unknownAdvertisements);
      const stored = requests.map(({ clientId, reports }) => {
        const seqs = storedSeqs.get(clientId) ?? new Set<number>();
        const applicable = reports.filter((report) => !unknown.has(report.advertisementId));
        // Within one request a repeated seq counts once: the first copy is the one stored.
        const fresh = applicable.filter((report) => seqs.delete(report.seq));
        const result: IngestResult = {
          accepted: fresh.length,
          duplicates: applicable.length - fresh.length,
          unknownAdvertisements: [...new Set(reports.map((report) => report.advertisementId))].filter((id) => unknown.has(id)),
        };
        return { fresh, result };
      });
      // A client has at most one request in the group: its events are those of its subject.
      const { written } = await collectWrittenEventsBySubject(
        requests.map(({ clientId }) => clientId),
        () =>
          this.outbox.enqueue(
            manager,
            requests.flatMap(({ clientId, traceparent }, index) => stored[index].fresh.map((report) => statusReportedEvent(clientId, report, traceparent))),
          ),
      );
      return stored.map(({ result }, index) => ({ result, written: written[index] }));
    });
  }

  /**
   * The counts and a page of client rows, with whether the advertisement is broken (then nobody is
   * targeted). Timed out is derived as it is read (timed-out.ts): a client in flight silent for
   * longer than the program's maximum run time plus STATUS_TIMEOUT_GRACE_MINUTES, or between
   * attempts for longer than that plus the longest back-off, is counted timed out instead of
   * waiting or running.
   */
  async summary(advertisementId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<AdvertisementStatusPage> {
    const advertisement = await findAdvertisementView(this.dataSource.manager, advertisementId);
    const after = decodeCursor(cursor, isUuidCursor);
    const program = await this.dataSource.manager.findOne(KnownProgramEntity, {
      select: { packageId: true, name: true, data: true },
      where: { packageId: advertisement.packageId, name: advertisement.program },
    });
    const limits = silenceLimits(
      new Date(),
      program?.data.maxRunTimeMinutes ?? PROGRAM_DEFAULTS.maxRunTimeMinutes,
      this.config.STATUS_TIMEOUT_GRACE_MINUTES,
      advertisement.retry,
    );
    // Raw SQL: eight counts over the targeted collection subtree (a recursive CTE) in one set-based statement.
    const [counts]: Record<keyof StatusSummary, number>[] = await this.dataSource.query(
      `WITH RECURSIVE subtree(id) AS (
         SELECT $2::text
         UNION
         SELECT c.id FROM known_collection c JOIN subtree s ON c.parent_collection_id = s.id WHERE $3
       ),
       targeted AS (SELECT DISTINCT client_id FROM collection_member WHERE collection_id IN (SELECT id FROM subtree)),
       status AS (
         SELECT *, ((delivery_state = ANY($8::text[]) AND GREATEST(delivery_at, acceptance_at) < $9)
           OR (delivery_state = $10 AND GREATEST(delivery_at, acceptance_at) < $11)) AS timed_out
         FROM client_advertisement_status WHERE advertisement_id = $1
       )
       SELECT
         (SELECT count(*)::int FROM targeted) AS targeted,
         (SELECT count(*)::int FROM status WHERE acceptance_state = 'ACCEPTED') AS accepted,
         (SELECT count(*)::int FROM status WHERE delivery_state = ANY($4::text[]) AND NOT timed_out) AS waiting,
         (SELECT count(*)::int FROM status WHERE delivery_state = ANY($5::text[]) AND NOT timed_out) AS running,
         (SELECT count(*)::int FROM status WHERE delivery_state = ANY($6::text[])) AS succeeded,
         (SELECT count(*)::int FROM status WHERE delivery_state = ANY($7::text[])) AS failed,
         (SELECT count(*)::int FROM status WHERE timed_out) AS "timedOut",
         (SELECT count(*)::int FROM targeted t WHERE NOT EXISTS (SELECT 1 FROM status s WHERE s.client_id = t.client_id)) AS "notReported"`,
      [
        advertisementId,
        advertisement.collectionId,
        advertisement.includeSubcollections,
        SUMMARY_BUCKETS.waiting,
        SUMMARY_BUCKETS.running,
        SUMMARY_BUCKETS.succeeded,
        SUMMARY_BUCKETS.failed,
        IN_FLIGHT_STATES,
        limits.inFlightBefore,
        BETWEEN_ATTEMPTS_STATE,
        limits.retryingBefore,
      ],
    );
    const rows = await this.dataSource.getRepository(ClientAdvertisementStatusEntity).find({
      where: { advertisementId, ...(after === undefined ? {} : { clientId: MoreThan(after) }) },
      order: { clientId: 'ASC' },
      take: limit + 1,
    });
    const { broken, brokenReason } = advertisement;
    return { broken, brokenReason, summary: counts, ...toPage(rows, limit, (row) => row.clientId, (row) => toClientStatus(row, limits)) };
  }

  /**
   * The reports one client sent about one advertisement, paged by seq: in seq order (`oldest-first`,
   * GET .../status/clients/:clientId/history) or newest first (GET .../clients/:clientId/history).
   */
  async history(
    advertisementId: string,
    clientId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
    order: 'oldest-first' | 'newest-first' = 'oldest-first',
  ): Promise<Page<StatusHistoryEntry>> {
    if (!(await this.dataSource.manager.existsBy(AdvertisementEntity, { id: advertisementId }))) {
      throw advertisementNotFound(`advertisement ${advertisementId} not found`);
    }
    const after = decodeCursor(cursor, (value): value is number => Number.isSafeInteger(value));
    const newestFirst = order === 'newest-first';
    const rows = await this.dataSource.getRepository(ClientStatusReportEntity).find({
      where: { advertisementId, clientId, ...(after === undefined ? {} : { seq: newestFirst ? LessThan(after) : MoreThan(after) }) },
      order: { seq: newestFirst ? 'DESC' : 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, (row) => row.seq, toHistoryEntry);
  }
}

function toHistoryEntry(row: ClientStatusReportEntity): StatusHistoryEntry {
  return {
    seq: row.seq,
    state: row.state,
    messageId: row.messageId,
    messageText: clientStatusMessageText(row.messageId),
    exitCode: row.exitCode,
    detail: row.detail,
    packageVersion: row.packageVersion,
    output: row.output,
    reportedAt: row.reportedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
  };
}

/**
 * One statement for the whole group of requests: stores the reports of known advertisements that
 * are new ((client, seq) is the history's key; the first copy of a seq repeated in a request wins),
 * moves each (advertisement, client) state forward with the newest stored report of each kind, and
 * keeps program output on the newest `outputKept` reports with output of each pair the requests
 * brought output for (the older reports' output is dropped; a single request with more keeps them
 * all until the next). Answers the seqs stored now per client and the advertisements reported on
 * that do not exist. A client is in at most one request of a group (GroupCommit's key).
 */
async function storeAndProject(
  manager: EntityManager,
  requests: readonly ClientReports[],
  outputKept: number,
): Promise<{ storedSeqs: Map<string, Set<number>>; unknownAdvertisements: string[] }> {
  const rows = requests.flatMap(({ clientId, reports }) => reports.map((report) => ({ clientId, report })));
  // Raw SQL: measured hot path (bench status-ingest, bench push): check, history insert and projection upsert in one round trip, whatever the number of reports and clients.
  const [row]: { stored: [string, number][] | null; unknown_advertisements: string[] | null }[] = await manager.query(
    `WITH batch AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[], $8::timestamptz[], $10::jsonb[], $11::int[])
         WITH ORDINALITY AS report (client_id, seq, advertisement_id, state, message_id, exit_code, detail, reported_at, output, package_version, position)
     ),
     stored AS (
       INSERT INTO client_status_report (client_id, seq, advertisement_id, state, message_id, exit_code, detail, reported_at, output, package_version)
       SELECT client_id, seq, advertisement_id, state, message_id, exit_code, detail, reported_at, output, package_version
       FROM batch WHERE EXISTS (SELECT 1 FROM advertisement WHERE advertisement.id = batch.advertisement_id)
       ORDER BY position
       ON CONFLICT (client_id, seq) DO NOTHING
       RETURNING client_id, seq, advertisement_id, state, message_id, exit_code, detail, reported_at, output, package_version
     ),
     acceptance AS (
       SELECT DISTINCT ON (client_id, advertisement_id) client_id, advertisement_id, state, seq, reported_at
       FROM stored WHERE state = ANY($9::text[]) ORDER BY client_id, advertisement_id, seq DESC
     ),
     delivery AS (
       SELECT DISTINCT ON (client_id, advertisement_id) client_id, advertisement_id, state, seq, reported_at, message_id, exit_code, detail, output, package_version
       FROM stored WHERE state <> ALL($9::text[]) ORDER BY client_id, advertisement_id, seq DESC
     ),
     projected AS (
       INSERT INTO client_advertisement_status AS current (advertisement_id, client_id, acceptance_state, acceptance_seq, acceptance_at,
         delivery_state, delivery_seq, delivery_at, message_id, exit_code, detail, output, package_version, last_seq)
       SELECT advertisement_id, client_id, a.state, a.seq, a.reported_at, d.state, d.seq, d.reported_at, d.message_id, d.exit_code, d.detail,
         d.output, d.package_version, GREATEST(a.seq, d.seq)
       FROM acceptance a FULL JOIN delivery d USING (client_id, advertisement_id)
       ORDER BY client_id, advertisement_id
       ON CONFLICT (advertisement_id, client_id) DO UPDATE SET
         acceptance_state = CASE WHEN status_seq_newer(EXCLUDED.acceptance_seq, current.acceptance_seq) THEN EXCLUDED.acceptance_state ELSE current.acceptance_state END,
         acceptance_at = CASE WHEN status_seq_newer(EXCLUDED.acceptance_seq, current.acceptance_seq) THEN EXCLUDED.acceptance_at ELSE current.acceptance_at END,
         acceptance_seq = CASE WHEN status_seq_newer(EXCLUDED.acceptance_seq, current.acceptance_seq) THEN EXCLUDED.acceptance_seq ELSE current.acceptance_seq END,
         delivery_state = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.delivery_state ELSE current.delivery_state END,
         delivery_at = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.delivery_at ELSE current.delivery_at END,
         message_id = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.message_id ELSE current.message_id END,
         exit_code = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.exit_code ELSE current.exit_code END,
         detail = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.detail ELSE current.detail END,
         output = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.output ELSE current.output END,
         package_version = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.package_version ELSE current.package_version END,
         delivery_seq = CASE WHEN status_seq_newer(EXCLUDED.delivery_seq, current.delivery_seq) THEN EXCLUDED.delivery_seq ELSE current.delivery_seq END,
         last_seq = GREATEST(current.last_seq, EXCLUDED.last_seq)
     ),
     new_outputs AS (
       SELECT client_id, advertisement_id, count(*) AS count FROM stored WHERE output IS NOT NULL GROUP BY client_id, advertisement_id
     ),
     -- Sees the reports stored before this statement only (its snapshot): of those, the newest outputKept minus the new ones keep their output.
     pruned AS (
       UPDATE client_status_report report SET output = NULL
       FROM (
         SELECT ranked.client_id, ranked.seq FROM (
           SELECT client_id, seq, advertisement_id, row_number() OVER (PARTITION BY client_id, advertisement_id ORDER BY seq DESC) AS newest
           FROM client_status_report
           WHERE client_id IN (SELECT client_id FROM new_outputs) AND output IS NOT NULL
             AND (client_id, advertisement_id) IN (SELECT client_id, advertisement_id FROM new_outputs)
         ) ranked JOIN new_outputs USING (client_id, advertisement_id)
         WHERE ranked.newest > $12 - new_outputs.count
       ) old
       WHERE report.client_id = old.client_id AND report.seq = old.seq
     )
     SELECT (SELECT json_agg(json_build_array(client_id, seq)) FROM stored) AS stored,
       (SELECT array_agg(DISTINCT advertisement_id) FROM batch
        WHERE NOT EXISTS (SELECT 1 FROM advertisement WHERE advertisement.id = batch.advertisement_id)) AS unknown_advertisements`,
    [
      rows.map(({ clientId }) => clientId),
      rows.map(({ report }) => report.seq),
      rows.map(({ report }) => report.advertisementId),
      rows.map(({ report }) => report.state),
      rows.map(({ report }) => report.messageId ?? null),
      rows.map(({ report }) => report.exitCode ?? null),
      rows.map(({ report }) => report.detail ?? null),
      rows.map(({ report }) => report.at),
      ACCEPTANCE_STATES,
      rows.map(({ report }) => (report.output ? JSON.stringify(report.output) : null)),
      rows.map(({ report }) => report.packageVersion ?? null),
      outputKept,
    ],
  );
  const storedSeqs = new Map<string, Set<number>>();
  for (const [clientId, seq] of row.stored ?? []) {
    const seqs = storedSeqs.get(clientId) ?? new Set<number>();
    seqs.add(Number(seq));
    storedSeqs.set(clientId, seqs);
  }
  return { storedSeqs, unknownAdvertisements: row.unknown_advertisements ?? [] };
}

/** The event of one stored report. */
function statusReportedEvent(clientId: string, report: StatusReport, traceparent: string | undefined): OutboxEventInput<ClientStatusReportedData> {
  return {
    type: EventTypes.advertisement.clientStatusReported,
    subject: clientId,
    traceparent,
    data: {
      advertisementId: report.advertisementId,
      clientId,
      state: report.state,
      messageId: report.messageId ?? null,
      exitCode: report.exitCode ?? null,
      detail: report.detail ?? null,
      at: new Date(report.at).toISOString(),
      seq: report.seq,
      output: report.output ?? null,
      packageVersion: report.packageVersion ?? null,
    },
  };
}

function toClientStatus(row: ClientAdvertisementStatusEntity, limits: SilenceLimits): ClientStatusRow {
  return {
    clientId: row.clientId,
    acceptanceState: row.acceptanceState,
    acceptanceAt: row.acceptanceAt?.toISOString() ?? null,
    deliveryState: row.deliveryState,
    deliveryAt: row.deliveryAt?.toISOString() ?? null,
    messageId: row.messageId,
    messageText: clientStatusMessageText(row.messageId),
    exitCode: row.exitCode,
    detail: row.detail,
    packageVersion: row.packageVersion,
    // Failures only: a page of thousands of succeeded clients stays small; the history has every output kept.
    output: row.deliveryState === 'FAILED' || row.deliveryState === 'RETRYING' ? row.output : null,
    lastSeq: row.lastSeq,
    timedOut: isTimedOut(row, limits),
  };
}
