import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trace context of the change that queued a row's work, so the copy continues that trace. */
export class AddDistributionTraceparent1767225800000 implements MigrationInterface {
  name = 'AddDistributionTraceparent1767225800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE package_distribution ADD COLUMN traceparent text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE package_distribution DROP COLUMN traceparent`);
  }
}
