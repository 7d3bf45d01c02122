import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Program output and package version with each status report and the current state (issue 16),
 * and the administrator's rerun of one client: the retry generation at which it was asked.
 * Cached policies predate rerunGeneration, so they are dropped and queued for the recompute worker.
 */
export class AddProgramOutput1767226500000 implements MigrationInterface {
  name = 'AddProgramOutput1767226500000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE client_status_report ADD COLUMN output jsonb, ADD COLUMN package_version integer`);
    await runner.query(`ALTER TABLE client_advertisement_status ADD COLUMN output jsonb, ADD COLUMN package_version integer`);
    // The last failure of a client, per advertisement, for the client's page.
    await runner.query(`CREATE INDEX client_status_report_failed_idx ON client_status_report (client_id, advertisement_id, seq) WHERE state = 'FAILED'`);
    // The reports that still hold output, which the status ingest keeps to the newest few per pair.
    await runner.query(`CREATE INDEX client_status_report_output_idx ON client_status_report (client_id, advertisement_id, seq) WHERE output IS NOT NULL`);
    await runner.query(`ALTER TABLE advertisement_client_retry ADD COLUMN rerun_generation integer NOT NULL DEFAULT 0`);
    await runner.query(`UPDATE policy_epoch SET value = value + 1 WHERE id = 1`);
    await runner.query(
      `WITH dropped AS (DELETE FROM client_policy RETURNING client_id)
       INSERT INTO policy_recompute_queue (client_id) SELECT client_id FROM dropped ON CONFLICT (client_id) DO NOTHING`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE advertisement_client_retry DROP COLUMN rerun_generation`);
    await runner.query(`DROP INDEX client_status_report_output_idx`);
    await runner.query(`DROP INDEX client_status_report_failed_idx`);
    await runner.query(`ALTER TABLE client_advertisement_status DROP COLUMN output, DROP COLUMN package_version`);
    await runner.query(`ALTER TABLE client_status_report DROP COLUMN output, DROP COLUMN package_version`);
  }
}
