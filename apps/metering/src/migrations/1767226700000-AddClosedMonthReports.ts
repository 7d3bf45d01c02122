import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a closed month's report of a rule, summarized once and kept until usage of that month
 * arrives late (as Configuration Manager reports from summarized data). A month that has ended no
 * longer changes with time, only with records, so a stored report is exact until one arrives.
 */
export class AddClosedMonthReports1767226700000 implements MigrationInterface {
  name = 'AddClosedMonthReports1767226700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE closed_month_report (
        rule_id text NOT NULL REFERENCES metering_rule (id) ON DELETE CASCADE,
        month_start timestamptz NOT NULL,
        body jsonb NOT NULL,
        summarized_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, month_start)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE closed_month_report`);
  }
}
