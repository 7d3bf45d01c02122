import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * advertisement_usage keeps every reference of an advertisement (the shape libs/service's
 * projection writes), so deleting a program an advertisement runs can be refused too. Rows from
 * before have no program: the events they came from were consumed already and cannot be read
 * again, so such a row counts as using every program of its package until its advertisement's
 * next event fills the program in.
 */
export class AddAdvertisementUsageReferences1767225600500 implements MigrationInterface {
  name = 'AddAdvertisementUsageReferences1767225600500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE advertisement_usage ADD COLUMN program text, ADD COLUMN collection_id text, ADD COLUMN ignore_maintenance_windows boolean`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE advertisement_usage DROP COLUMN ignore_maintenance_windows, DROP COLUMN collection_id, DROP COLUMN program`);
  }
}
