import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `inbox_position`: per consumer group and aggregate (topic, subject), the highest `sequence` the
 * group has applied (or dead-lettered), written in the transaction of the effect. A request that
 * carries a consistency token waits on it (see consistency/). Databases made before it get it at
 * the next start, empty: it fills as events arrive.
 */
export class CreateInboxPositions1767225600002 implements MigrationInterface {
  name = 'CreateInboxPositions1767225600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_position (
        consumer_group text NOT NULL,
        topic text NOT NULL,
        subject text NOT NULL,
        sequence bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, subject)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_position`);
  }
}
