import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clients whose cached policy a change invalidated and that a recompute worker (every replica
 * runs one) has not yet computed again; the oldest are claimed first.
 */
export class CreatePolicyRecomputeQueue1767225700400 implements MigrationInterface {
  name = 'CreatePolicyRecomputeQueue1767225700400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE policy_recompute_queue (
        client_id uuid PRIMARY KEY,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX policy_recompute_queue_queued_at_idx ON policy_recompute_queue (queued_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE policy_recompute_queue`);
  }
}
