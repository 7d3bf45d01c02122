import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MeteringReport } from '@sdp/contracts';
import { SERVICE_CONFIG } from '@sdp/service';
import { DataSource } from 'typeorm';
import { MeteringConfig } from '../config';
import { MeteringRulesService } from '../rules/metering-rules.service';
import { drillDown, monthPeriod, openRunEnd, summarizeDays, summarizeUsage, UsageRun } from './usage-summary';

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
    // after it, or still open (each an index range, not the rule's whole history) — with each
    // computer's name, in one statement.
    const rows = (await this.dataSource.query(
      `SELECT record.client_id AS "clientId", record.user_name AS "user", record.started_at AS "startedAt", record.ended_at AS "endedAt", record.reported_at AS "reportedAt", client.name AS "clientName"
         FROM (
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at >= $2 AND started_at < $3
           UNION ALL
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at < $2 AND ended_at >= $2
           UNION ALL
           SELECT * FROM usage_record WHERE rule_id = $1 AND started_at < $2 AND ended_at IS NULL
         ) record LEFT JOIN known_client client ON client.id = record.client_id`,
      [ruleId, new Date(period.from), new Date(period.to)],
    )) as { clientId: string; user: string; startedAt: Date; endedAt: Date | null; reportedAt: Date; clientName: string | null }[];
    const graceMs = this.config.METERING_OPEN_RUN_GRACE_SECONDS * 1000;
    const runs: UsageRun[] = rows.map((row) => ({
      clientId: row.clientId,
      user: row.user,
      startedAt: row.startedAt.getTime(),
      endedAt: row.endedAt?.getTime() ?? openRunEnd(row.startedAt.getTime(), row.reportedAt.getTime(), graceMs, now),
    }));
    const names = new Map(rows.map((row) => [row.clientId, row.clientName]));
    const summary = summarizeUsage(runs, period, now);
    return {
      ruleId: rule.id,
      productName: rule.productName,
      licencesOwned: rule.licencesOwned,
      month,
      summary,
      overLicences: summary.peakConcurrentUsers > rule.licencesOwned,
      days: summarizeDays(runs, period, now),
      ...drillDown(runs, period, now, (clientId) => names.get(clientId) ?? null),
    };
  }
}
