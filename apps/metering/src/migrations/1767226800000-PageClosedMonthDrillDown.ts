import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a closed month's drill-down (every computer and every user that ran the rule, 10,000
 * and more) is stored as rows in the report's order, so a page of it is an index range, not a
 * parse of the whole drill-down; closed_month_report.body keeps the summary and the days. The
 * rows go with their month (ingest forgetting a month deletes its report row). Months stored
 * before are forgotten: the next report summarizes them again from the usage records.
 */
export class PageClosedMonthDrillDown1767226800000 implements MigrationInterface {
  name = 'PageClosedMonthDrillDown1767226800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM closed_month_report`);
    await runner.query(`
      CREATE TABLE closed_month_computer (
        rule_id text NOT NULL,
        month_start timestamptz NOT NULL,
        position integer NOT NULL,
        client_id uuid NOT NULL,
        launches integer NOT NULL,
        usage_seconds bigint NOT NULL,
        users jsonb NOT NULL,
        PRIMARY KEY (rule_id, month_start, position),
        FOREIGN KEY (rule_id, month_start) REFERENCES closed_month_report (rule_id, month_start) ON DELETE CASCADE
      )`);
    await runner.query(`
      CREATE TABLE closed_month_user (
        rule_id text NOT NULL,
        month_start timestamptz NOT NULL,
        position integer NOT NULL,
        user_name text NOT NULL,
        launches integer NOT NULL,
        usage_seconds bigint NOT NULL,
        computers integer NOT NULL,
        PRIMARY KEY (rule_id, month_start, position),
        FOREIGN KEY (rule_id, month_start) REFERENCES closed_month_report (rule_id, month_start) ON DELETE CASCADE
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE closed_month_user`);
    await runner.query(`DROP TABLE closed_month_computer`);
    await runner.query(`DELETE FROM closed_month_report`);
  }
}
