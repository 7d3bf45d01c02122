import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox tables. A service lists this migration among its own. `payload` is `json`, not
 * `jsonb`: it keeps the exact text that was validated and accepts every string JSON allows
 * (jsonb rejects \u0000), so a valid event can always be written.
 */
export class CreateOutboxTables1767225600000 implements MigrationInterface {
  name = 'CreateOutboxTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_event (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload json NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX outbox_event_unpublished_idx ON outbox_event (id) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_event_published_at_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE outbox_aggregate_sequence (
        topic text NOT NULL,
        aggregate_key text NOT NULL,
        last_sequence bigint NOT NULL,
        PRIMARY KEY (topic, aggregate_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_aggregate_sequence`);
    await queryRunner.query(`DROP TABLE outbox_event`);
  }
}
