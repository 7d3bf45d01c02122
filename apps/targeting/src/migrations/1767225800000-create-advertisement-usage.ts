import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each advertisement references (libs/service's advertisement-usage projection), so deleting
 * a collection an advertisement targets, or a maintenance window it keeps to, is refused.
 */
export class CreateAdvertisementUsage1767225800000 implements MigrationInterface {
  name = 'CreateAdvertisementUsage1767225800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE advertisement_usage (
        advertisement_id text PRIMARY KEY,
        package_id text,
        program text,
        collection_id text,
        ignore_maintenance_windows boolean,
        last_sequence bigint NOT NULL
      )`);
    await runner.query(`CREATE INDEX advertisement_usage_collection_idx ON advertisement_usage (collection_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE advertisement_usage`);
  }
}
