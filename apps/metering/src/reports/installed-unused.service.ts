import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientOsData, InstalledUnusedReport, installedNameRegExpSource } from '@sdp/contracts';
import { DataSource } from 'typeorm';
import { ruleCovers } from '../client-metering/rule-applicability';
import { MeteringRulesService } from '../rules/metering-rules.service';

const DAY_MS = 86_400_000;

@Injectable()
export class InstalledUnusedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: MeteringRulesService,
  ) {}

  /**
   * The computers of the rule's platforms and site whose last inventory lists software matching
   * the rule (its installed name pattern, or its product name) and where the rule's program has
   * not run since `days` days ago, by computer name: one row each, with the first matching
   * software by name and version, and when the program last ran there (never: null).
   */
  async installedUnused(ruleId: string, days: number, now = Date.now()): Promise<InstalledUnusedReport> {
    const rule = await this.rules.get(ruleId);
    const since = new Date(now - days * DAY_MS);
    // Raw SQL: one statement: the matching software of each computer (a regular expression,
    // without regard to case), joined to its client and, by index, to its last use of the rule —
    // the end of its last run, or for a run still open the client's last word that it runs.
    const rows = (await this.dataSource.query(
      `SELECT client.id AS "clientId", client.name AS "clientName", client.os, client.site_code AS "siteCode",
              software.name AS "softwareName", software.version AS "softwareVersion", used.last_used_at AS "lastUsedAt"
         FROM (SELECT DISTINCT ON (client_id) client_id, name, version FROM installed_software
                WHERE name ~* $2 ORDER BY client_id, name, version) software
         JOIN known_client client ON client.id = software.client_id
         LEFT JOIN LATERAL (SELECT max(COALESCE(ended_at, reported_at)) AS last_used_at FROM usage_record
                             WHERE rule_id = $1 AND client_id = software.client_id) used ON true
        WHERE used.last_used_at IS NULL OR used.last_used_at < $3
        ORDER BY client.name, client.id`,
      [rule.id, installedNameRegExpSource(rule.installedSoftwareName, rule.productName), since],
    )) as { clientId: string; clientName: string; os: ClientOsData; siteCode: string; softwareName: string; softwareVersion: string | null; lastUsedAt: Date | null }[];
    return {
      ruleId: rule.id,
      productName: rule.productName,
      days,
      since: since.toISOString(),
      computers: rows
        .filter((row) => ruleCovers(rule, row))
        .map(({ clientId, clientName, softwareName, softwareVersion, lastUsedAt }) => ({ clientId, clientName, softwareName, softwareVersion, lastUsedAt: lastUsedAt?.toISOString() ?? null })),
    };
  }
}
