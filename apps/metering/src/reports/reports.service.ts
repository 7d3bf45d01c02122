import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { METERING_REPORT_PAGE_SIZE, MeteringReport, MeteringReportComputer, MeteringReportPage, MeteringReportUser } from '@sdp/contracts';
import { SERVICE_CONFIG } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { MeteringConfig } from '../config';
import { MeteringRulesService } from '../rules/metering-rules.service';
import { CLOSED_MONTH_REPORT_LOCK } from './closed-month-reports';
import { monthPeriod, openRunEnd, Period, summarizeMonth, UsageRun } from './usage-summary';

/** Which list of the drill-down. */
export type DrillDown = 'computers' | 'users';

/** One row of a drill-down list. */
type DrillDownRow<List extends DrillDown> = List extends 'computers' ? MeteringReportComputer : MeteringReportUser;

/** A month's summary and days, and a way to read a page of its drill-down (rows from `offset`, at most `limit`). */
interface MonthRead extends Pick<MeteringReport, 'summary' | 'days'> {
  page<List extends DrillDown>(list: List, offset: number, limit: number): Promise<DrillDownRow<List>[]>;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: MeteringRulesService,
    @Inject(SERVICE_CONFIG) private readonly config: MeteringConfig,
  ) {}

  /**
   * One rule's month (UTC): the summary, each day so far, and the first page of the computers and
   * of the users that ran it (most usage first), with how many there are in all.
   */
  async report(ruleId: string, month: string, now = Date.now()): Promise<MeteringReport> {
    const rule = await this.rules.get(ruleId);
    return this.readMonth(ruleId, monthPeriod(month)!, now, async (read) => {
      const computers = await read.page('computers', 0, METERING_REPORT_PAGE_SIZE);
      const users = await read.page('users', 0, METERING_REPORT_PAGE_SIZE);
      return {
        ruleId: rule.id,
        productName: rule.productName,
        licencesOwned: rule.licencesOwned,
        month,
        summary: read.summary,
        overLicences: read.summary.peakConcurrentUsers > rule.licencesOwned,
        days: read.days,
        computers,
        // The drill-down lists each computer and each user the summary counts.
        computersTotal: read.summary.computers,
        users,
        usersTotal: read.summary.users,
      };
    });
  }

  /** A page of one list of a rule's month drill-down, in the report's order. */
  async page<List extends DrillDown>(ruleId: string, month: string, list: List, offset: number, limit: number, now = Date.now()): Promise<MeteringReportPage<DrillDownRow<List>>> {
    const rule = await this.rules.get(ruleId);
    return this.readMonth(ruleId, monthPeriod(month)!, now, async (read) => ({
      ruleId: rule.id,
      month,
      offset,
      limit,
      total: read.summary[list],
      items: await read.page(list, offset, limit),
    }));
  }

  /**
   * `read` on the month: a closed month as stored (in one snapshot, so its summary and pages
   * agree), or summarized now and stored (see CLOSED_MONTH_REPORT_LOCK); the current month changes
   * with time (open runs, today) and is summarized on each request.
   */
  private async readMonth<T>(ruleId: string, period: Period, now: number, read: (month: MonthRead) => Promise<T>): Promise<T> {
    if (period.to > now) {
      return read(this.summarizedRead(await this.summarize(this.dataSource.manager, ruleId, period, now)));
    }
    const stored = await this.dataSource.transaction('REPEATABLE READ', async (manager): Promise<{ answer: T } | undefined> => {
      const month = await this.storedRead(manager, ruleId, period);
      return month && { answer: await read(month) };
    });
    if (stored) {
      return stored.answer;
    }
    const summarized = await this.dataSource.transaction(async (manager): Promise<{ answer: T } | { body: MonthSummary }> => {
      await manager.query(`SELECT pg_advisory_xact_lock(${CLOSED_MONTH_REPORT_LOCK}, hashtext($1))`, [ruleId]);
      // Another report may have summarized it while this one waited (ingest cannot forget it while this lock is held).
      const month = await this.storedRead(manager, ruleId, period);
      if (month) {
        return { answer: await read(month) };
      }
      const body = await this.summarize(manager, ruleId, period, now);
      await this.store(manager, ruleId, period, body);
      return { body };
    });
    return 'answer' in summarized ? summarized.answer : read(this.summarizedRead(summarized.body));
  }

  /** Stores a closed month: its summary and days, and its drill-down as rows in order (names are not kept: they are read with each page). A rule deleted meanwhile keeps nothing. */
  private async store(manager: EntityManager, ruleId: string, period: Period, { summary, days, computers, users }: MonthSummary): Promise<void> {
    const monthStart = new Date(period.from);
    const [kept] = (await manager.query(
      `INSERT INTO closed_month_report (rule_id, month_start, body) SELECT id, $2, $3 FROM metering_rule WHERE id = $1
       ON CONFLICT (rule_id, month_start) DO NOTHING RETURNING rule_id`,
      [ruleId, monthStart, JSON.stringify({ summary, days })],
    )) as unknown[];
    // Stored rows of the month went when ingest forgot it (ON DELETE CASCADE); none are left under the lock.
    if (!kept) {
      return;
    }
    await manager.query(
      `INSERT INTO closed_month_computer (rule_id, month_start, position, client_id, launches, usage_seconds, users)
       SELECT $1, $2, row.ordinality - 1, (row.value->>'clientId')::uuid, (row.value->>'launches')::int, (row.value->>'usageSeconds')::bigint, row.value->'users'
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS row (value, ordinality)`,
      [ruleId, monthStart, JSON.stringify(computers)],
    );
    await manager.query(
      `INSERT INTO closed_month_user (rule_id, month_start, position, user_name, launches, usage_seconds, computers)
       SELECT $1, $2, row.ordinality - 1, row.value->>'user', (row.value->>'launches')::int, (row.value->>'usageSeconds')::bigint, (row.value->>'computers')::int
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS row (value, ordinality)`,
      [ruleId, monthStart, JSON.stringify(users)],
    );
  }

  /** A stored closed month, its pages read from its rows (names of the page's computers as they are now), or undefined. */
  private async storedRead(manager: EntityManager, ruleId: string, period: Period): Promise<MonthRead | undefined> {
    const monthStart = new Date(period.from);
    const [stored] = (await manager.query(`SELECT body FROM closed_month_report WHERE rule_id = $1 AND month_start = $2`, [ruleId, monthStart])) as { body: Pick<MonthSummary, 'summary' | 'days'> }[];
    if (!stored) {
      return undefined;
    }
    const queries: Record<DrillDown, string> = {
      computers: `SELECT row.client_id AS "clientId", client.name, row.launches, row.usage_seconds::float8 AS "usageSeconds", row.users
                    FROM closed_month_computer row LEFT JOIN known_client client ON client.id = row.client_id
                   WHERE row.rule_id = $1 AND row.month_start = $2 AND row.position >= $3 AND row.position < $4 ORDER BY row.position`,
      users: `SELECT user_name AS "user", launches, usage_seconds::float8 AS "usageSeconds", computers
                FROM closed_month_user WHERE rule_id = $1 AND month_start = $2 AND position >= $3 AND position < $4 ORDER BY position`,
    };
    return {
      summary: stored.body.summary,
      days: stored.body.days,
      page: async (list, offset, limit) => manager.query(queries[list], [ruleId, monthStart, offset, offset + limit]),
    };
  }

  /** A month summarized in memory, its pages sliced (names of the page's computers as they are now). */
  private summarizedRead({ summary, days, computers, users }: MonthSummary): MonthRead {
    const page = async (list: DrillDown, offset: number, limit: number) => {
      if (list === 'users') {
        return users.slice(offset, offset + limit);
      }
      const rows = computers.slice(offset, offset + limit);
      const names = new Map(
        ((await this.dataSource.query(`SELECT id, name FROM known_client WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.clientId)])) as { id: string; name: string }[]).map((client) => [
          client.id,
          client.name,
        ]),
      );
      return rows.map((row) => ({ ...row, name: names.get(row.clientId) ?? null }));
    };
    return { summary, days, page: page as MonthRead['page'] };
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
