import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MeteringReport } from '@sdp/contracts';
import { SERVICE_CONFIG } from '@sdp/service';
import { DataSource } from 'typeorm';
import { MeteringConfig } from '../config';
import { MeteringRulesService } from '../rules/metering-rules.service';
import { monthPeriod, openRunEnd, summarizeMonth, UsageRun } from './usage-summary';

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: MeteringRulesService,
    @Inject(SERVICE_CONFIG) private readonly config: MeteringConfig,
  ) {}

  /** One rule's month (UTC): the summary, each day so far, and the computers and users that ran it. */
  async report(ruleId: string, month: string, now = Date.now()): Promise<MeteringReport> {
    const rule = await this.rules.get(ruleId);
    const period = monthPeriod(month)!;
    // Raw SQL: the month's runs of one rule — started in it, started before it and ended in or
    // after it, or still open (each an index range, not the rule's whole history) — in one
    // statement, times as epoch milliseconds (numbers are read far faster than dates); then the
    // names of their computers in another.
    const rows = (await this.dataSource.query(
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
    const clientIds = [...new Set(rows.map((row) => row.clientId))];
    const names = new Map(
      ((await this.dataSource.query(`SELECT id, name FROM known_client WHERE id = ANY($1::uuid[])`, [clientIds])) as { id: string; name: string }[]).map((client) => [client.id, client.name]),
    );
    const { summary, days, computers, users } = summarizeMonth(runs, period, now, (clientId) => names.get(clientId) ?? null);
    return {
      ruleId: rule.id,
      productName: rule.productName,
      licencesOwned: rule.licencesOwned,
      month,
      summary,
      overLicences: summary.peakConcurrentUsers > rule.licencesOwned,
      days,
      computers,
      users,
    };
  }
}

/** A timestamp column as whole epoch milliseconds (float8, read as a number), cut as a JavaScript Date cuts microseconds. */
function epochMs(column: string): string {
  return `floor(extract(epoch FROM ${column}) * 1000)::float8`;
}
