import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox tables. `inbox_event` holds every event ID a consumer group has applied (written in
 * the transaction of the effect); `inbox_failure` counts failed attempts across restarts and
 * rebalances, so a poison event is dead-lettered after a bounded number of tries even when the
 * process dies in between.
 */
export class CreateInboxTables1767225600001 implements MigrationInterface {
  name = 'CreateInboxTables1767225600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_event (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX inbox_event_received_at_idx ON inbox_event (received_at)`);
    await queryRunner.query(`
      CREATE TABLE inbox_failure (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        attempts integer NOT NULL,
        last_error text NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        dead_lettered_at timestamptz NULL,
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_failure`);
    await queryRunner.query(`DROP TABLE inbox_event`);
  }
}
