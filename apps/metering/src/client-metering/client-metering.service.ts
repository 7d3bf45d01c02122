import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientMeteringRules, ClientOsData, UsageIngestResult } from '@sdp/contracts';
import { notFoundYet } from '@sdp/service';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MeteringRuleEntity, toMeteringRuleData } from '../rules/metering-rule.entity';
import { CLOSED_MONTH_REPORT_LOCK } from '../reports/closed-month-reports';
import { rulesForClient } from './rule-applicability';
import { UsageRecord } from './usage-record.schema';

@Injectable()
export class ClientMeteringService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The rules the client meters, with a strong ETag over them. */
  async rulesFor(clientId: string): Promise<{ etag: string; body: ClientMeteringRules }> {
    const [client] = (await this.dataSource.query(`SELECT os, site_code AS "siteCode" FROM known_client WHERE id = $1`, [clientId])) as {
      os: ClientOsData;
      siteCode: string;
    }[];
    if (!client) {
      throw notFoundYet(`client ${clientId}`);
    }
    const enabled = await this.dataSource.manager.find(MeteringRuleEntity, { where: { enabled: true }, order: { id: 'ASC' } });
    const rules = rulesForClient(enabled.map(toMeteringRuleData), client).map(({ id, productName, fileName, originalFileName, fileVersion, language }) => ({
      id,
      productName,
      fileName,
      originalFileName,
      fileVersion,
      language,
    }));
    const body = { rules };
    return { etag: `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`, body };
  }

  /**
   * Stores a batch of the client's usage records, idempotently by record ID: a new record is
   * inserted, a known open one is closed when the batch carries its end (or, sent open again,
   * marked as still running now: `reported_at`), anything else changes nothing (a resent batch
   * counts once; another client's record ID is never touched). Records of rules that do not exist
   * are dropped and counted.
   */
  async ingest(clientId: string, records: UsageRecord[]): Promise<UsageIngestResult> {
    const unique = latestPerId(records);
    // Raw SQL: one statement per batch: the batch's rules that exist, locked FOR KEY SHARE (a rule
    // deleted meanwhile drops its records instead of failing the batch) and shared against a
    // closed month's summarizing (see ReportsService), one set-based upsert of their records
    // (ON CONFLICT closes open records), and the counts; then, in the same transaction, the closed
    // months they fall in are forgotten.
    const counts = await this.dataSource.transaction(async (manager) => {
      const [stored] = (await manager.query(
        `WITH batch AS (
           SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS r (id, rule_id, user_name, started_at, ended_at)
         ), known AS (
           SELECT id, pg_advisory_xact_lock_shared(${CLOSED_MONTH_REPORT_LOCK}, hashtext(id)) FROM metering_rule WHERE id IN (SELECT DISTINCT rule_id FROM batch) FOR KEY SHARE
         ), stored AS (
           INSERT INTO usage_record AS stored (id, client_id, rule_id, user_name, started_at, ended_at)
           SELECT batch.id, $1, batch.rule_id, batch.user_name, batch.started_at, batch.ended_at FROM batch JOIN known ON known.id = batch.rule_id
           ON CONFLICT (id) DO UPDATE SET ended_at = EXCLUDED.ended_at, reported_at = now()
             WHERE stored.ended_at IS NULL AND stored.client_id = EXCLUDED.client_id
               AND (EXCLUDED.ended_at IS NULL OR EXCLUDED.ended_at >= stored.started_at)
           RETURNING (xmax = 0) AS inserted, ended_at IS NOT NULL AS closed
         )
         SELECT (SELECT count(*) FROM stored WHERE inserted)::int AS accepted,
                (SELECT count(*) FROM stored WHERE NOT inserted AND closed)::int AS closed,
                (SELECT count(*) FROM batch WHERE rule_id NOT IN (SELECT id FROM known))::int AS "unknownRule"`,
        [
          clientId,
          unique.map((record) => record.id),
          unique.map((record) => record.ruleId),
          unique.map((record) => record.user),
          unique.map((record) => record.startedAt),
          unique.map((record) => record.endedAt),
        ],
      )) as { accepted: number; closed: number; unknownRule: number }[];
      // A closed month these records fall in is summarized again on its next report.
      await manager.query(
        `DELETE FROM closed_month_report WHERE rule_id = ANY($1::text[]) AND month_start > $2::timestamptz - interval '1 month'`,
        [
          [...new Set(unique.map((record) => record.ruleId))],
          new Date(unique.reduce((earliest, record) => Math.min(earliest, Date.parse(record.startedAt)), Infinity)),
        ],
      );
      return stored;
    });
    // An open record sent open again is still running: refreshed, but unchanged.
    const { accepted, closed, unknownRule } = counts;
    return { accepted, closed, unchanged: records.length - accepted - closed - unknownRule, unknownRule };
  }
}

/** One record per ID (an upsert may touch a row once): the closed version if the batch has one. */
function latestPerId(records: UsageRecord[]): UsageRecord[] {
  const byId = new Map<string, UsageRecord>();
  for (const record of records) {
    const seen = byId.get(record.id);
    if (!seen || (seen.endedAt === null && record.endedAt !== null)) {
      byId.set(record.id, record);
    }
  }
  return [...byId.values()];
}
