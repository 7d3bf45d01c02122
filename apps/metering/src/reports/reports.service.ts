import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MeteringReport } from '@sdp/contracts';
import { SERVICE_CONFIG } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { MeteringConfig } from '../config';
import { MeteringRulesService } from '../rules/metering-rules.service';
import { CLOSED_MONTH_REPORT_LOCK } from './closed-month-reports';
import { monthPeriod, openRunEnd, Period, summarizeMonth, UsageRun } from './usage-summary';

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: MeteringRulesService,
    @Inject(SERVICE_CONFIG) private readonly config: MeteringConfig,
  ) {}

  /**
   * One rule's month (UTC): the summary, each day so far, and the computers and users that ran it.
   * A closed month is summarized once and kept until records of it arrive late; the current month
   * changes with time (open runs, today) and is summarized on each request.
   */
  async report(ruleId: string, month: string, now = Date.now()): Promise<MeteringReport> {
    const rule = await this.rules.get(ruleId);
    const period = monthPeriod(month)!;
    const { summary, days, computers, users } = period.to <= now ? await this.closedMonth(ruleId, period, now) : await this.summarize(this.dataSource.manager, ruleId, period, now);
    // Names as they are now, also for a month summarized earlier.
    const names = new Map(
      ((await this.dataSource.query(`SELECT id, name FROM known_client WHERE id = ANY($1::uuid[])`, [computers.map((computer) => computer.clientId)])) as { id: string; name: string }[]).map(
        (client) => [client.id, client.name],
      ),
    );
    return {
      ruleId: rule.id,
      productName: rule.productName,
      licencesOwned: rule.licencesOwned,
      month,
      summary,
      overLicences: summary.peakConcurrentUsers > rule.licencesOwned,
      days,
      computers: computers.map((computer) => ({ ...computer, name: names.get(computer.clientId) ?? null })),
      users,
    };
  }

  /** A closed month's summary as stored, or summarized now and stored (see CLOSED_MONTH_REPORT_LOCK). */
  private async closedMonth(ruleId: string, period: Period, now: number): Promise<MonthSummary> {
    const stored = await this.storedMonth(this.dataSource.manager, ruleId, period);
    if (stored) {
      return stored;
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${CLOSED_MONTH_REPORT_LOCK}, hashtext($1))`, [ruleId]);
      // Another report may have summarized it while this one waited.
      const summarized = await this.storedMonth(manager, ruleId, period);
      if (summarized) {
        return summarized;
      }
      const body = await this.summarize(manager, ruleId, period, now);
      // A rule deleted meanwhile keeps nothing.
      await manager.query(
        `INSERT INTO closed_month_report (rule_id, month_start, body) SELECT id, $2, $3 FROM metering_rule WHERE id = $1
         ON CONFLICT (rule_id, month_start) DO UPDATE SET body = EXCLUDED.body, summarized_at = now()`,
        [ruleId, new Date(period.from), JSON.stringify(body)],
      );
      return body;
    });
  }

  private async storedMonth(manager: EntityManager, ruleId: string, period: Period): Promise<MonthSummary | undefined> {
    const [stored] = (await manager.query(`SELECT body FROM closed_month_report WHERE rule_id = $1 AND month_start = $2`, [ruleId, new Date(period.from)])) as { body: MonthSummary }[];
    return stored?.body;
  }

  /** The month's runs summarized; computers without their names. */
  private async summarize(manager: EntityManager, ruleId: string, period: Period, now: number): Promise<MonthSummary> {
    // Raw SQL: the month's runs of one rule — started in it, started before it and ended in or
    // after it, or still open (each an index range, not the rule's whole history) — in one
    // statement, times as epoch milliseconds (numbers are read far faster than dates).
    const rows = (await manager.query(
      `SELECT client_id AS "clientId", user_name AS "user", ${epochMs('started_at')} AS "startedAt", ${epochMs('ended_at')} AS "endedAt", ${epochMs('reported_at')} AS "reportedAt"
         FROM (
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at >= $2 AND started_at < $3
           UNION ALL
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at < $2 AND ended_at >= $2
           UNION ALL
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at < $2 AND ended_at IS NULL
         ) record`,
      [ruleId, new Date(period.from), new Date(period.to)],
    )) as { clientId: string; user: string; startedAt: number; endedAt: number | null; reportedAt: number }[];
    const graceMs = this.config.METERING_OPEN_RUN_GRACE_SECONDS * 1000;
    const runs: UsageRun[] = rows.map((row) => ({
      clientId: row.clientId,
      user: row.user,
      startedAt: row.startedAt,
      endedAt: row.endedAt ?? openRunEnd(row.startedAt, row.reportedAt, graceMs, now),
    }));
    return summarizeMonth(runs, period, now, () => null);
  }
}

type MonthSummary = Pick<MeteringReport, 'summary' | 'days' | 'computers' | 'users'>;

/** A timestamp column as whole epoch milliseconds (float8, read as a number), cut as a JavaScript Date cuts microseconds. */
function epochMs(column: string): string {
  return `floor(extract(epoch FROM ${column}) * 1000)::float8`;
}
