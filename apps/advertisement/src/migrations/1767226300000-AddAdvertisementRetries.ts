import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retries: each advertisement's retry settings (existing ones get the documented defaults), and
 * per (advertisement, client) the generation of the administrator's "retry failed" that the
 * client's policy carries. Cached policies predate both fields, so they are dropped and queued
 * for the recompute worker.
 */
export class AddAdvertisementRetries1767226300000 implements MigrationInterface {
  name = 'AddAdvertisementRetries1767226300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE advertisement ADD COLUMN retry jsonb NOT NULL DEFAULT '{"maxAttempts": 3, "initialBackoffSeconds": 60, "maxBackoffSeconds": 3600}'`,
    );
    await runner.query(`
      CREATE TABLE advertisement_client_retry (
        advertisement_id text NOT NULL REFERENCES advertisement (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        generation integer NOT NULL,
        requested_at timestamptz NOT NULL,
        PRIMARY KEY (advertisement_id, client_id)
      )`);
    await runner.query(`CREATE INDEX advertisement_client_retry_client_idx ON advertisement_client_retry (client_id)`);
    await runner.query(`UPDATE policy_epoch SET value = value + 1 WHERE id = 1`);
    await runner.query(
      `WITH dropped AS (DELETE FROM client_policy RETURNING client_id)
       INSERT INTO policy_recompute_queue (client_id) SELECT client_id FROM dropped ON CONFLICT (client_id) DO NOTHING`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE advertisement_client_retry`);
    await runner.query(`ALTER TABLE advertisement DROP COLUMN retry`);
  }
}
