import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The phased deployment of an advertisement created with phases: its plan and where it stands.
 * open_phases counts the phases whose clients get the advertisement (0 until the first opens).
 */
export class CreateAdvertisementRollout1767226400000 implements MigrationInterface {
  name = 'CreateAdvertisementRollout1767226400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE advertisement_rollout (
        advertisement_id text PRIMARY KEY REFERENCES advertisement (id) ON DELETE CASCADE,
        phases jsonb NOT NULL,
        state text NOT NULL,
        open_phases integer NOT NULL DEFAULT 0,
        phase_opened_at jsonb NOT NULL DEFAULT '[]',
        reason text,
        criterion_met_at timestamptz,
        failures_counted_since timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The gate timer visits only rollouts that can still move.
    await runner.query(
      `CREATE INDEX advertisement_rollout_moving_idx ON advertisement_rollout (advertisement_id) WHERE state IN ('active', 'waiting-for-approval', 'waiting-for-content')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE advertisement_rollout`);
  }
}
