import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consumer side's test effect: one row per applied event, numbered in the order of
 * application. No unique constraint on purpose: a duplicate effect must show up, not be hidden.
 */
export class CreateTestEffectTable1767225600100 implements MigrationInterface {
  name = 'CreateTestEffectTable1767225600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE effect (
        id bigserial PRIMARY KEY,
        aggregate text NOT NULL,
        sequence integer NOT NULL,
        event_id uuid NOT NULL,
        step integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE effect');
  }
}
